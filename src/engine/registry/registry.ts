/** Rule lookup with the registry's precedence: name rule > exact module rule > longest package rule. */
import type { Rule } from './rules';

export interface ModuleMatch {
  rule: Rule;
  /** The canonical module for the matched module (a package rule maps submodules too). */
  newModule?: string;
}

export class Registry {
  private readonly exact = new Map<string, Rule>();
  private readonly packages = new Map<string, Rule>();
  private readonly names = new Map<string, Map<string, Rule>>();
  /** Last segments of every rule's module: a file none of whose text contains one cannot match. */
  readonly finalSegments: ReadonlySet<string>;

  constructor(readonly rules: readonly Rule[]) {
    const segments = new Set<string>();
    for (const rule of rules) {
      segments.add(rule.module.slice(rule.module.lastIndexOf('.') + 1));
      if (rule.kind === 'module') this.exact.set(rule.module, rule);
      else if (rule.kind === 'package') this.packages.set(rule.module, rule);
      else {
        let byName = this.names.get(rule.module);
        if (!byName) this.names.set(rule.module, (byName = new Map<string, Rule>()));
        byName.set(rule.name!, rule);
      }
    }
    this.finalSegments = segments;
  }

  get size(): number {
    return this.rules.length;
  }

  /** The module rule of `module`: its exact rule, else the package rule with the longest prefix. */
  moduleRule(module: string): ModuleMatch | undefined {
    const exact = this.exact.get(module);
    if (exact) return { rule: exact, ...(exact.to ? { newModule: exact.to.module } : {}) };
    for (let prefix = module; prefix !== ''; prefix = prefix.slice(0, Math.max(0, prefix.lastIndexOf('.')))) {
      const rule = this.packages.get(prefix);
      if (rule) return { rule, ...(rule.to ? { newModule: rule.to.module + module.slice(prefix.length) } : {}) };
      if (!prefix.includes('.')) break;
    }
    return undefined;
  }

  nameRule(module: string, name: string): Rule | undefined {
    return this.names.get(module)?.get(name);
  }

  /** The name rules of `module`, by name. */
  nameRules(module: string): ReadonlyMap<string, Rule> {
    return this.names.get(module) ?? new Map<string, Rule>();
  }

  /** Whether `fileModule` is part of the code the rule deprecates (the legacy code may import itself). */
  static covers(rule: Rule, fileModule: string | undefined): boolean {
    if (fileModule === undefined) return false;
    return fileModule === rule.module || (rule.kind === 'package' && fileModule.startsWith(rule.module + '.'));
  }
}
