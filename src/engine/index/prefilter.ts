/**
 * Whether a file's text can hold a registry match at all, decided on the text alone so that the
 * parse (the whole cost of a check) is skipped for the files that cannot. Not a parser: it never
 * finds anything, it only rules files out, and it must never rule out a file that has a match —
 * so every test is a necessary condition that Python's grammar guarantees for every import form
 * and string the matcher reads (matching.test.ts checks that property on every input it has,
 * the parity bar test on a generated monorepo).
 *
 * For a rule on module `s1.….sn` (and name X for a name rule), a match needs:
 * - every segment not supplied by a relative import (those after the longest common prefix with
 *   the file's own package) as a word in the text, and X for a name rule;
 * - consecutive segments spelled as a dotted name (`a.b`, `a . b`, `a.\⏎b`), except that the
 *   last one of a module or package rule may be imported from its parent (`from …a import b`);
 * - when a relative import may supply a prefix, the first written segment after that prefix:
 *   after the prefix's last segment (`a.b`, `from …a import b`), after relative dots
 *   (`from ..b`), or imported from dots alone (`from .. import b`).
 * Rules that cover the file (its own deprecated module or package) are skipped: they report
 * nothing there. Comments are taken out first where that is certain without a tokenizer
 * (withoutComments): migration notes in comments name the old paths all the time.
 */
import type { FileModule } from '../modules';

/** A rule as plain data, enough to rule files out (see MatchFilter in check.ts). */
export interface FilterRule {
  module: string;
  kind: 'module' | 'package' | 'name';
  name?: string;
}

/**
 * The rules that may match in `text` (at most `limit` of them). `text` must be NFKC-normalised
 * already when it has non-ASCII characters (rule paths are).
 */
export function rulesThatMayMatch(text: string, fileModule: FileModule | undefined, rules: readonly FilterRule[], limit = Infinity): FilterRule[] {
  const t = withoutComments(text);
  const own = fileModule?.name;
  const pkg = packageOf(fileModule);
  const present = anchorsIn(t, rules);
  const found: FilterRule[] = [];
  for (const rule of rules) {
    if (own !== undefined && (own === rule.module || (rule.kind === 'package' && own.startsWith(rule.module + '.')))) continue;
    const segments = rule.module.split('.');
    const k = sharedPrefix(segments, pkg);
    // most rules fail here, without a search of their own: a match spells the anchor, unless
    // relative imports supply the whole module of a module or package rule
    if (!present.has(anchorOf(rule)) && (rule.kind === 'name' || k < segments.length)) continue;
    if (ruleMayMatch(t, rule, segments, k) && found.push(rule) >= limit) break;
  }
  return found;
}

/**
 * The word every match of a rule spells unless relative imports supply its whole module: the
 * name of a name rule, else the module's last segment (ruleMayMatch requires it).
 */
function anchorOf(rule: FilterRule): string {
  return rule.kind === 'name' ? rule.name! : rule.module.slice(rule.module.lastIndexOf('.') + 1);
}

const anchorSearches = new WeakMap<readonly FilterRule[], RegExp>();

/**
 * The rules' anchors that occur in `t` as words, found in one scan: a search for a set of
 * literal words, which V8 runs several times faster as one alternation than as a search per
 * word. (It reads no Python syntax: that is ruleMayMatch's conditions and tree-sitter's job.)
 */
function anchorsIn(t: string, rules: readonly FilterRule[]): Set<string> {
  let search = anchorSearches.get(rules);
  if (!search) {
    const words = [...new Set(rules.map(anchorOf))].sort((a, b) => b.length - a.length);
    const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    search = new RegExp(`(?<![A-Za-z0-9_])(?:${escaped.join('|')})(?![A-Za-z0-9_])`, 'g');
    anchorSearches.set(rules, search);
  }
  const present = new Set<string>();
  search.lastIndex = 0;
  for (let m = search.exec(t); m !== null; m = search.exec(t)) present.add(m[0]);
  return present;
}

/** The segments of the package relative imports start from. */
function packageOf(fileModule: FileModule | undefined): string[] {
  const pkg = fileModule ? fileModule.name.split('.') : [];
  if (fileModule && !fileModule.isPackage) pkg.pop();
  return pkg;
}

/** How many leading segments of a rule's module a relative import in the package can supply. */
function sharedPrefix(segments: readonly string[], pkg: readonly string[]): number {
  let k = 0;
  while (k < segments.length && k < pkg.length && segments[k] === pkg[k]) k++;
  return k;
}

/** `k`: how many leading `segments` of the rule's module a relative import can supply (sharedPrefix). */
function ruleMayMatch(t: string, rule: FilterRule, segments: readonly string[], k: number): boolean {
  const need = segments.slice(k);
  // the file's own package or an ancestor: `from . import X` needs nothing more
  if (need.length === 0) return true;
  for (const s of need) if (findWord(t, s) < 0) return false;
  if (rule.kind === 'name' && findWord(t, rule.name!) < 0) return false;
  const chained = rule.kind === 'name' ? need.length - 1 : need.length - 2;
  for (let i = 0; i < chained; i++) if (!dotted(t, need[i]!, need[i + 1]!)) return false;
  if (rule.kind !== 'name' && need.length >= 2) {
    const [a, b] = [need[need.length - 2]!, need[need.length - 1]!];
    if (!dotted(t, a, b) && !importedFrom(t, a, b)) return false;
  }
  if (k > 0) {
    const first = need[0]!;
    const before = segments[k - 1]!;
    if (!dotted(t, before, first) && !importedFrom(t, before, first) && !afterRelativeDots(t, first) && !inRelativeImportList(t, first)) return false;
  }
  return true;
}

/** An ASCII identifier character (a char code); undefined (past either end) is not. */
function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** Whether t[i] is an ASCII identifier character (false past either end). */
function wordAt(t: string, i: number): boolean {
  return i >= 0 && i < t.length && isWordChar(t.charCodeAt(i));
}
/** What may separate `from`, relative dots and the next token (a superset of Python's: it only lets more through). */
const BLANK_OR_BREAK = ' \t\f\\\r\n';

/**
 * The next occurrence of `w` at or after `from` that is not part of a longer ASCII identifier.
 * A non-ASCII neighbour always counts as a boundary: it may be one, and erring that way only
 * lets a file through.
 */
function findWord(t: string, w: string, from = 0): number {
  for (let i = t.indexOf(w, from); i >= 0; i = t.indexOf(w, i + 1)) {
    if (wordAt(t, i - 1) || wordAt(t, i + w.length)) continue;
    return i;
  }
  return -1;
}

/** Past the blanks and backslash continuations at `j`: what Python allows between the tokens of a dotted name. */
function skipBlanks(t: string, j: number): number {
  for (;;) {
    const c = t[j];
    if (c === ' ' || c === '\t' || c === '\f') j++;
    else if (c === '\\' && t[j + 1] === '\n') j += 2;
    else if (c === '\\' && t[j + 1] === '\r') j += t[j + 2] === '\n' ? 3 : 2;
    else return j;
  }
}

/** `a.b` somewhere, with blanks or continuations around the dot. */
function dotted(t: string, a: string, b: string): boolean {
  for (let i = findWord(t, a); i >= 0; i = findWord(t, a, i + 1)) {
    let j = skipBlanks(t, i + a.length);
    if (t[j] !== '.') continue;
    j = skipBlanks(t, j + 1);
    if (findWord(t, b, j) === j) return true;
  }
  return false;
}

/** `…a import …b…`: `b` among the names a from-import of a module ending in `a` imports. */
function importedFrom(t: string, a: string, b: string): boolean {
  for (let i = findWord(t, a); i >= 0; i = findWord(t, a, i + 1)) {
    const j = skipBlanks(t, i + a.length);
    if (j > i + a.length && findWord(t, 'import', j) === j && findWord(importList(t, j + 'import'.length), b) >= 0) return true;
  }
  return false;
}

/** `from ..b` or `from . b`: `b` right after relative dots. */
function afterRelativeDots(t: string, b: string): boolean {
  for (let i = findWord(t, b); i >= 0; i = findWord(t, b, i + 1)) {
    if (afterFromDots(t, i)) return true;
  }
  return false;
}

/** `from . import …b…` or `from .. import …b…`: `b` imported from a package named by dots alone. */
function inRelativeImportList(t: string, b: string): boolean {
  for (let i = findWord(t, 'import'); i >= 0; i = findWord(t, 'import', i + 1)) {
    if (afterFromDots(t, i) && findWord(importList(t, i + 'import'.length), b) >= 0) return true;
  }
  return false;
}

/** Whether `from`, blanks and at least one dot come right before `at`. */
function afterFromDots(t: string, at: number): boolean {
  let j = at - 1;
  while (j >= 0 && BLANK_OR_BREAK.includes(t[j]!)) j--;
  if (t[j] !== '.') return false;
  while (j >= 0 && (t[j] === '.' || BLANK_OR_BREAK.includes(t[j]!))) j--;
  return j >= 3 && t.startsWith('from', j - 3);
}

/**
 * The text after an `import` keyword that can hold its names: up to its closing parenthesis
 * (comments skipped: they may hold one), else to the end of its logical line (continuations
 * followed) or a `;` or a comment. An unclosed list runs to the end of the text.
 */
function importList(t: string, at: number): string {
  const start = skipBlanks(t, at);
  const parenthesised = t[start] === '(';
  let j = start;
  for (; j < t.length; j++) {
    const c = t[j];
    if (c === '#') {
      if (!parenthesised) break;
      while (j < t.length && t[j] !== '\n' && t[j] !== '\r') j++;
    } else if (parenthesised) {
      if (c === ')') break;
    } else if (c === ';') {
      break;
    } else if (c === '\n' || c === '\r') {
      const continued = t[j - 1] === '\\' || (c === '\n' && t[j - 1] === '\r' && t[j - 2] === '\\');
      if (!continued) break;
    }
  }
  return t.slice(start, j);
}

/**
 * The text without the comments of lines that have no quote character: there a `#` starts a
 * comment, or the whole line lies inside a string that cannot close on it, and a string holding
 * `#` is no dotted path (SSOT004) and holds no import. Lines with a quote are kept whole: the
 * `#` may be inside a string, and what follows may be code. Line breaks are kept.
 */
export function withoutComments(t: string): string {
  let hash = t.indexOf('#');
  if (hash < 0) return t;
  const kept: string[] = [];
  let copied = 0; // t[copied…] is not in `kept` yet
  let decided = 0; // a line break or 0: lines before it are done
  while (hash >= 0) {
    let start = hash;
    while (start > decided && !isBreak(t[start - 1]!)) start--;
    let end = hash + 1;
    while (end < t.length && !isBreak(t[end]!)) end++;
    if (!hasQuote(t, start, end)) {
      kept.push(t.slice(copied, hash));
      copied = end;
    }
    decided = end;
    hash = t.indexOf('#', end);
  }
  kept.push(t.slice(copied));
  return kept.join('');
}

function isBreak(c: string): boolean {
  return c === '\n' || c === '\r';
}

function hasQuote(t: string, from: number, to: number): boolean {
  for (let j = from; j < to; j++) if (t[j] === '"' || t[j] === "'") return true;
  return false;
}

/**
 * Where a parse for `rules` may stop: every match lies before it. A match of a rule spells the
 * rule's anchor (its module's last segment, or its name) as a word, so nothing after the end of
 * the statement holding the last anchor can match (unless a relative import names the whole
 * module, or the text spells the anchor in another NFKC form: then there is no cut). The offset
 * returned is the start of the first line after that anchor that begins a new top-level
 * statement as far as the text shows (column 0, not a comment, a bracket or a quote, not after a
 * backslash or a decorator, not an `else`/`except`/`elif`/`finally` clause); the caller must
 * still check that the prefix parses without error, since that line may lie inside a string or
 * brackets. `text.length` when there is no such line.
 */
export function parseCut(text: string, fileModule: FileModule | undefined, rules: readonly FilterRule[]): number {
  // offsets found in an NFKC-normalised text are not offsets in `text`
  if (!isAscii(text)) return text.length;
  const pkg = packageOf(fileModule);
  let last = -1;
  for (const rule of rules) {
    const segments = rule.module.split('.');
    // a relative import can name the whole module (`from . import x` inside it): no anchor to see
    if (sharedPrefix(segments, pkg) === segments.length) return text.length;
    // a name rule's module segment too: more than a match needs (a star import matches module
    // rules only), but it keeps the cut after every import of the module
    const anchors = rule.kind === 'name' ? [rule.name!, segments[segments.length - 1]!] : [segments[segments.length - 1]!];
    for (const anchor of anchors) {
      const at = lastWord(text, anchor);
      if (at < 0) return text.length; // not spelled out (never for a rule that may match an ASCII text)
      last = Math.max(last, at + anchor.length);
    }
  }
  for (let i = last; i >= 0 && i < text.length; ) {
    const nl = nextBreak(text, i);
    if (nl < 0) break;
    const start = text[nl] === '\r' && text[nl + 1] === '\n' ? nl + 2 : nl + 1;
    const continued = text[nl - 1] === '\\';
    if (start < text.length && !continued && !afterDecorator(text, nl) && startsTopLevelStatement(text, start)) return start;
    i = start;
  }
  return text.length;
}

export function isAscii(text: string): boolean {
  // one UTF-8 byte per UTF-16 unit: ten times faster than a regular expression scan
  return Buffer.byteLength(text, 'utf8') === text.length;
}

/** Whether the line ending at the break `nl` is a top-level decorator: the statement goes on. */
function afterDecorator(t: string, nl: number): boolean {
  let start = nl;
  while (start > 0 && !isBreak(t[start - 1]!)) start--;
  return t[start] === '@';
}

const CLAUSES = ['else', 'elif', 'except', 'finally'];

function startsTopLevelStatement(t: string, at: number): boolean {
  const c = t[at]!;
  // blanks and comments start no statement; closing brackets and quotes likely end an open one
  if (' \t\f\r\n#)]},.\'"'.includes(c)) return false;
  return !CLAUSES.some((k) => t.startsWith(k, at) && !wordAt(t, at + k.length));
}

function nextBreak(t: string, from: number): number {
  const n = t.indexOf('\n', from);
  const r = t.indexOf('\r', from);
  return n < 0 ? r : r < 0 ? n : Math.min(n, r);
}

/** The last occurrence of `w` as a word (see findWord), or -1. */
function lastWord(t: string, w: string): number {
  for (let i = t.lastIndexOf(w); i >= 0; i = i > 0 ? t.lastIndexOf(w, i - 1) : -1) {
    if (wordAt(t, i - 1) || wordAt(t, i + w.length)) continue;
    return i;
  }
  return -1;
}
