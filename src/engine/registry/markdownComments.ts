/**
 * What a comment of a markdown registry's Python block says about its import: deprecated or
 * canonical, how severe, a message, and where the import moved ("USE INSTEAD: …").
 *
 * These patterns are applied to the text of one comment token (from the tree-sitter tree of the
 * block), never to Python source.
 */
import type { Severity } from '../findings';

export type Role = 'deprecated' | 'canonical';

export interface CommentMarks {
  /** From the first role marker before any target marker; a bare target marker means deprecated. */
  role?: Role;
  severity: Severity;
  /**
   * Free text after the leading markers: after a separator (`# ❌ DEPRECATED — moved in #757` →
   * `moved in #757`), or after symbols only (`# ❌ moved in #757`); `# DEPRECATED path` has none.
   */
  message?: string;
  /** The text after a target marker (`USE INSTEAD:`, `→`, …) and its offset in the comment. */
  target?: { text: string; offset: number };
}

/**
 * Whole words or phrases (regex sources), case-insensitive; spaces match any whitespace. All of
 * them share one pair of boundary checks: each `[\p{L}\p{N}_]` under the `iu` flags costs V8 about
 * 2 ms to compile, and one per alternative made the first comment read take ~0.2 s.
 */
const words = (ws: readonly string[]): string => `(?<![\\p{L}\\p{N}_])(?:${ws.map((w) => w.replace(/ /g, '\\s+')).join('|')})(?![\\p{L}\\p{N}_])`;

/** Marks an import as deprecated or broken. Phrases come first so `NOT CANONICAL` wins over `CANONICAL`. */
export const DEPRECATED_MARKERS = {
  symbols: ['❌', '✗', '✘', '⛔', '🚫'],
  words: ['DO NOT USE', "DON'T USE", 'NOT CANONICAL', 'NON-CANONICAL', 'NOT CORRECT', 'NOT SSOT', 'DEPRECATED', 'BROKEN', 'WRONG', 'INCORRECT', 'OBSOLETE', 'LEGACY', 'REMOVED', 'OLD', 'AVOID'],
} as const;

/** Marks an import as canonical (known good). */
export const CANONICAL_MARKERS = {
  symbols: ['✅', '✔', '✓', '☑'],
  words: ['CANONICAL', 'CORRECT', 'SSOT', 'PREFERRED', 'RECOMMENDED'],
} as const;

/** Words that make a deprecated import's rule an error (the import fails at run time). */
const ERROR_WORDS = new RegExp(words(['BROKEN', 'REMOVED']), 'iu');

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const phrase = (w: string): string => escape(w).replace(/'/g, "['’]?");
/** The marker words (as one group) or any of the symbols, which need no word boundaries. */
const alternatives = (...ms: { symbols: readonly string[]; words: readonly string[] }[]): string =>
  [words(ms.flatMap((m) => m.words.map(phrase))), ...ms.flatMap((m) => m.symbols.map(escape))].join('|');

const DEPRECATED = new RegExp(alternatives(DEPRECATED_MARKERS), 'iu');
const CANONICAL = new RegExp(alternatives(CANONICAL_MARKERS), 'iu');
/** Introduces the replacement of a deprecated import (a colon after the phrase is its end: no boundary check). */
const TARGET = new RegExp(
  [
    `${words(['USE INSTEAD'])}\\s*:?`,
    `(?<![\\p{L}\\p{N}_])(?:${['INSTEAD', 'USE', 'REPLACE(?:D)? (?:WITH|BY)', 'REPLACEMENT', 'MOVED TO'].map((w) => w.replace(/ /g, '\\s+')).join('|')})\\s*:`,
    '→',
    '⇒',
    '➡\\uFE0F?',
    '->',
    '=>',
  ].join('|'),
  'iu',
);
/** The markers (and decoration) a comment starts with, before its message. */
const LEADING = new RegExp(`^(?:\\s|[!*_~\\uFE0F]|${alternatives(DEPRECATED_MARKERS, CANONICAL_MARKERS)})*`, 'iu');
const LEADING_SYMBOLS = new RegExp(`^(?:\\s|[!*_~\\uFE0F]|${[...DEPRECATED_MARKERS.symbols, ...CANONICAL_MARKERS.symbols].map(escape).join('|')})*$`, 'u');
const SEPARATOR = /^[:\-–—|(,;]/u;
/** `# ssot: ignore[…]` is a suppression directive, not the SSOT marker. */
const SUPPRESSION = /\bssot:\s*ignore\b(?:\[[^\]]*\])?/giu;

/** Reads one comment token's text (with or without its `#`). */
export function readComment(comment: string): CommentMarks {
  const hashes = /^#*/u.exec(comment)![0].length;
  const text = comment.slice(hashes).replace(SUPPRESSION, (m) => ' '.repeat(m.length));
  const targetMatch = TARGET.exec(text);
  const before = targetMatch ? text.slice(0, targetMatch.index) : text;
  const deprecated = DEPRECATED.exec(before);
  const canonical = CANONICAL.exec(before);
  let role: Role | undefined;
  if (deprecated && (!canonical || deprecated.index <= canonical.index)) role = 'deprecated';
  else if (canonical) role = 'canonical';
  else if (targetMatch) role = 'deprecated';

  const marks: CommentMarks = { severity: role === 'deprecated' && ERROR_WORDS.test(before) ? 'error' : 'warning' };
  if (role) marks.role = role;
  const message = messageOf(before);
  if (message !== undefined && role) marks.message = message;
  if (targetMatch) {
    const start = targetMatch.index + targetMatch[0].length;
    let raw = text.slice(start);
    const lead = raw.length - raw.trimStart().length;
    raw = raw.trim();
    let offset = hashes + start + lead;
    // `# USE INSTEAD: \`from a import b\`.`
    if (raw.endsWith('.') && !raw.endsWith('..')) raw = raw.slice(0, -1).trimEnd();
    if (raw.length >= 2 && raw.startsWith('`') && raw.endsWith('`')) {
      raw = raw.slice(1, -1).trim();
      offset += 1;
    }
    marks.target = { text: raw, offset };
  }
  return marks;
}

function messageOf(before: string): string | undefined {
  const leading = LEADING.exec(before)![0];
  if (leading.trim() === '') return undefined; // the comment does not start with a marker: no message
  const rest = before.slice(leading.length);
  // `❌ Moved in #757` is a message; `DEPRECATED location` is not (the marker word is part of the phrase)
  if (!SEPARATOR.test(rest) && !LEADING_SYMBOLS.test(leading)) return undefined;
  let message = rest.replace(/^[\s:\-–—|,;]+/u, '').replace(/[\s:\-–—|,;]+$/u, '');
  if (message.startsWith('(') && message.endsWith(')')) message = message.slice(1, -1).trim();
  return message === '' ? undefined : message;
}
