/** The server's settings (section `ssotImports`), per workspace folder. */
import type { Severity } from '../engine/findings';
import { SEVERITIES } from '../engine/findings';

export interface Settings {
  enable: boolean;
  /** Replaces every rule's severity, or undefined to keep each rule's own. */
  severity?: Severity;
  sourceRoots: string[];
}

export const DEFAULT_SETTINGS: Settings = { enable: true, sourceRoots: [] };

/** Reads what a client sent, keeping defaults for anything missing or mistyped. */
export function toSettings(raw: unknown): Settings {
  const value = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const severity = value['severity'];
  const roots = value['sourceRoots'];
  return {
    enable: typeof value['enable'] === 'boolean' ? value['enable'] : DEFAULT_SETTINGS.enable,
    ...(typeof severity === 'string' && (SEVERITIES as readonly string[]).includes(severity) ? { severity: severity as Severity } : {}),
    sourceRoots: Array.isArray(roots) ? roots.filter((r): r is string => typeof r === 'string') : [],
  };
}
