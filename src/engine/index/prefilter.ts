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

/** `text` must be NFKC-normalised already when it has non-ASCII characters (rule paths are). */
export function textMayMatch(text: string, fileModule: FileModule | undefined, rules: readonly FilterRule[]): boolean {
  const t = withoutComments(text);
  const own = fileModule?.name;
  const pkg = fileModule ? fileModule.name.split('.') : [];
  if (fileModule && !fileModule.isPackage) pkg.pop();
  for (const rule of rules) {
    if (own !== undefined && (own === rule.module || (rule.kind === 'package' && own.startsWith(rule.module + '.')))) continue;
    if (ruleMayMatch(t, rule, pkg)) return true;
  }
  return false;
}

function ruleMayMatch(t: string, rule: FilterRule, pkg: readonly string[]): boolean {
  const segments = rule.module.split('.');
  let k = 0;
  while (k < segments.length && k < pkg.length && segments[k] === pkg[k]) k++;
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

const WORD = /[A-Za-z0-9_]/;
/** What may separate `from`, relative dots and the next token (a superset of Python's: it only lets more through). */
const BLANK_OR_BREAK = ' \t\f\\\r\n';

/**
 * The next occurrence of `w` at or after `from` that is not part of a longer ASCII identifier.
 * A non-ASCII neighbour always counts as a boundary: it may be one, and erring that way only
 * lets a file through.
 */
function findWord(t: string, w: string, from = 0): number {
  for (let i = t.indexOf(w, from); i >= 0; i = t.indexOf(w, i + 1)) {
    if (i > 0 && WORD.test(t[i - 1]!)) continue;
    if (i + w.length < t.length && WORD.test(t[i + w.length]!)) continue;
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
    if (!hasQuote(t, start, hash)) {
      let quoted = false;
      for (let j = hash + 1; j < end && !quoted; j++) quoted = t[j] === '"' || t[j] === "'";
      if (!quoted) {
        kept.push(t.slice(copied, hash));
        copied = end;
      }
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
