/** Small helpers over tree-sitter nodes: spans, leaves and detached strings. */
import type { Node } from 'web-tree-sitter';
import type { Range } from '../findings';

/** A source span: UTF-16 offsets into the text plus the equivalent LSP range. */
export interface Span {
  start: number;
  end: number;
  range: Range;
}

export function spanOf(node: Node): Span {
  return spanBetween(node, node);
}

export function spanBetween(first: Node, last: Node): Span {
  return {
    start: first.startIndex,
    end: last.endIndex,
    range: {
      start: { line: first.startPosition.row, character: first.startPosition.column },
      end: { line: last.endPosition.row, character: last.endPosition.column },
    },
  };
}

/**
 * A copy of `s` that does not share memory with the source text. `node.text` is a slice of the
 * whole file, and V8 keeps the file alive as long as any slice of it lives.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8');
}

/** Identifier text normalised as Python does (PEP 3131: NFKC). */
export function identifier(node: Node): string {
  const text = node.text;
  return detach(/[^\p{ASCII}]/u.test(text) ? text.normalize('NFKC') : text);
}

/** `a.b.c` from a dotted_name node, ignoring whitespace or comments between the parts. */
export function dottedName(node: Node): string {
  if (node.type !== 'dotted_name') return identifier(node);
  const parts: string[] = [];
  for (const child of node.namedChildren) if (child && child.type === 'identifier') parts.push(identifier(child));
  return parts.join('.');
}

/** The next leaf in document order after `node`, skipping zero-width (missing) leaves. */
export function nextLeaf(node: Node): Node | null {
  let current: Node | null = node;
  while (current && !current.nextSibling) current = current.parent;
  if (!current) return null;
  let leaf: Node | null = current.nextSibling;
  while (leaf && leaf.childCount > 0) leaf = leaf.firstChild;
  if (leaf && leaf.startIndex === leaf.endIndex) return nextLeaf(leaf);
  return leaf;
}

/** The previous leaf in document order before `node`, skipping zero-width (missing) leaves. */
export function previousLeaf(node: Node): Node | null {
  let current: Node | null = node;
  while (current && !current.previousSibling) current = current.parent;
  if (!current) return null;
  return lastLeaf(current.previousSibling!);
}

/** The last leaf of `node` in document order, skipping zero-width (missing) leaves. */
export function lastLeaf(node: Node): Node | null {
  let leaf: Node | null = node;
  while (leaf && leaf.childCount > 0) leaf = leaf.lastChild;
  if (leaf && leaf.startIndex === leaf.endIndex) return previousLeaf(leaf);
  return leaf;
}

/**
 * Whether `first`, a statement's first token, can begin a statement: it is the first token of its
 * line (not continued by a backslash) or follows `;` or a block's `:`. In error recovery this
 * tells the `import` of `from x import y` (which tree-sitter may recover as a statement
 * `import y`) from a real `import` statement.
 */
export function startsStatement(first: Node): boolean {
  let previous = previousLeaf(first);
  let continued = false;
  while (previous && (previous.type === 'comment' || previous.type === 'line_continuation')) {
    continued ||= previous.type === 'line_continuation';
    previous = previousLeaf(previous);
  }
  if (!previous || previous.type === ';' || previous.type === ':') return true;
  return !continued && previous.endPosition.row < first.startPosition.row;
}

/** Keywords that tree-sitter-python may lex as their own tokens although Python allows them as names. */
const SOFT_KEYWORDS = new Set(['match', 'case', 'type', 'print', 'exec', '_', '__future__']);

/** Python's reserved words: never a name, even where error recovery lexed one as an identifier. */
export const PYTHON_KEYWORDS: ReadonlySet<string> = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def',
  'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is',
  'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);

export function isNameToken(node: Node): boolean {
  if (node.type === 'identifier') return !PYTHON_KEYWORDS.has(node.text);
  return !node.isNamed && SOFT_KEYWORDS.has(node.type);
}

/**
 * The token's kind: its type, except where error recovery lexed a token as something else: a
 * keyword as an identifier, or the dots of `from ... import` as an `ellipsis` expression.
 */
export function tokenKind(node: Node): string {
  if (node.type === 'ellipsis') return '...';
  return node.type === 'identifier' && PYTHON_KEYWORDS.has(node.text) ? node.text : node.type;
}
