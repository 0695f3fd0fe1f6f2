/**
 * The effective registry of every workspace folder — TOML and markdown rules merged, each with
 * where it was written — and the canonical imports of the markdown registries. Behind
 * "SSOT Imports: Show Registry Rules"; the CLI's `ssot-imports rules` prints the same.
 */
import { RequestType0 } from 'vscode-languageserver-protocol';
import type { ListedRule } from '../engine/registry/rules';

export interface RuleOriginLocation {
  /** `file:` URI of the registry file (TOML or markdown). */
  uri: string;
  /** 1-based. */
  line: number;
}

export type RegistryRule = ListedRule<RuleOriginLocation>;

export interface RegistryOfRoot {
  root: string;
  /** Null when no registry was found. */
  registryFile: string | null;
  rules: RegistryRule[];
  canonical: { module: string; name: string | null; origin: RuleOriginLocation }[];
  /** Problems with the registry (then `rules` is empty: nothing is checked until they are fixed). */
  problems: number;
}

export const RulesRequest = new RequestType0<RegistryOfRoot[], void>('ssotImports/rules');
