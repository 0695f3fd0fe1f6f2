/** Findings: what the engine reports, independent of any editor or output format. */

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

/** 0-based line and UTF-16 code-unit character, as in LSP. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** Where a rule was written, for messages and "go to rule". */
export interface RuleOrigin {
  /** Absolute path of the registry file. */
  file: string;
  /** 1-based line of the rule's `from` key. */
  line: number;
}

/** What the fix for a finding will write (computed now, applied by the quick-fix capability). */
export type Replacement =
  /** `import old.mod [as x]` → `import new.mod [as x]` */
  | { kind: 'module'; oldModule: string; newModule: string }
  /** `from old import X` → `from new import X` (every listed name moves, keeping its own name) */
  | { kind: 'from-module'; oldModule: string; newModule: string; names: string[] }
  /** `from old import Name` → `from newModule import newName [as Name]` */
  | { kind: 'name'; oldModule: string; oldName: string; newModule: string; newName: string }
  /** `patch("old.mod.X")` → `patch("new.mod.X")`: the string's content, quotes kept */
  | { kind: 'string'; oldValue: string; newValue: string };

export interface Finding {
  /** SSOT001: deprecated import; SSOT004: deprecated dotted path in a string. */
  code: 'SSOT001' | 'SSOT004';
  severity: Severity;
  message: string;
  range: Range;
  /** The deprecated path as written in the rule (`a.b`, `a.b:X`, `a.*`). */
  ruleFrom: string;
  origin: RuleOrigin;
  /** Absent when the rule has no `to`. */
  replacement?: Replacement;
}
