/** Inline suppression: `# ssot: ignore` or `# ssot: ignore[SSOT001, SSOT004]` on an import's first line. */
import type { Node } from 'web-tree-sitter';
import { nextLeaf } from './syntax';
import { indexOfChar, type SourceText, type TreeSource } from './sourceText';

/** 'all' for a bare `ssot: ignore`, else the codes listed in brackets. */
export type Suppression = 'all' | ReadonlySet<string>;

// Applied to the text of one comment token, never to source code.
const DIRECTIVE = /\bssot:\s*ignore\b(?:\[([^\]]*)\])?/;

export function parseSuppression(comment: string): Suppression | undefined {
  const match = DIRECTIVE.exec(comment);
  if (!match) return undefined;
  if (match[1] === undefined) return 'all';
  return new Set(match[1].split(',').map((code) => code.trim().toUpperCase()).filter(Boolean));
}

export function isSuppressed(suppression: Suppression | undefined, code: string): boolean {
  return suppression === 'all' || (suppression !== undefined && suppression.has(code));
}

/**
 * The suppression in a comment on the line where `first` (a statement's first token or node)
 * starts. With the tree's `source` (its root's text and where that starts), a line without a `#`
 * followed by "ssot" is ruled out without visiting its tokens.
 */
export function suppressionOnLine(first: Node, source?: TreeSource): Suppression | undefined {
  if (source && !lineMentionsSsot(source.text, first.startIndex - source.base)) return undefined;
  const row = first.startPosition.row;
  let leaf: Node | null = first;
  while (leaf.childCount > 0 && leaf.firstChild) leaf = leaf.firstChild;
  for (let token: Node | null = leaf; token && token.startPosition.row === row; token = nextLeaf(token)) {
    if (token.type === 'comment') {
      const suppression = parseSuppression(token.text);
      if (suppression) return suppression;
    }
  }
  return undefined;
}

/** Whether the rest of the line from `at` has a `#` followed by "ssot" (a possible directive). */
function lineMentionsSsot(text: SourceText, at: number): boolean {
  const newline = indexOfChar(text, '\n', at);
  const line = text.slice(at, newline < 0 ? text.length : newline);
  let hash = -1;
  let end = 0;
  for (; end < line.length; end++) {
    const c = line.charCodeAt(end);
    if (c === 13) break; // a lone `\r` ends the line too
    if (c === 35 && hash < 0) hash = end;
  }
  return hash >= 0 && line.slice(hash, end).includes('ssot');
}
