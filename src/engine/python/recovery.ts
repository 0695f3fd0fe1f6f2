/**
 * Reads an import statement token by token where tree-sitter could only recover ERROR nodes.
 *
 * Python accepts some layouts tree-sitter-python does not, e.g. a parenthesised
 * `from x import (` inside a function whose continuation lines are dedented: the `from x import (`
 * lands in an ERROR node and the names become separate expression statements after it. The
 * leaves are still right, so we follow them in document order with the grammar of the import
 * statement itself.
 */
import type { Node } from 'web-tree-sitter';
import type { FromImportStatement, ImportedName, ImportStatement } from './imports';
import { detach, isNameToken, nextLeaf, spanBetween, spanOf, tokenKind, type Span } from './syntax';

class Tokens {
  last: Node;
  constructor(public current: Node | null) {
    this.last = current as Node;
  }
  /** Whether the current token is `type` (a method, so TypeScript does not narrow it across advance()). */
  is(type: string): boolean {
    return this.current !== null && tokenKind(this.current) === type;
  }
  /**
   * Moves to the next token, skipping comments. A line break ends the statement unless it is
   * inside parentheses or escaped by a backslash (tree-sitter's `line_continuation` extra).
   */
  advance(inParens = false): void {
    if (this.current) this.last = this.current;
    let continued = false;
    let next = this.current && nextLeaf(this.current);
    while (next && (next.type === 'comment' || next.type === 'line_continuation')) {
      continued ||= next.type === 'line_continuation';
      next = nextLeaf(next);
    }
    if (next && !inParens && !continued && next.startPosition.row !== this.last.endPosition.row) next = null;
    this.current = next;
  }
}

export function recoverImport(keyword: Node): ImportStatement | FromImportStatement | undefined {
  return tokenKind(keyword) === 'from' ? recoverFrom(keyword) : recoverPlainImport(keyword);
}

/** `a.b.c` starting at the current token; undefined when the current token is not a name. */
function readDotted(tokens: Tokens, inParens: boolean): { name: string; span: Span } | undefined {
  const first = tokens.current;
  if (!first || !isNameToken(first)) return undefined;
  const parts = [first.text];
  let last = first;
  tokens.advance(inParens);
  while (tokens.is('.')) {
    tokens.advance(inParens);
    const part = tokens.current;
    if (!part || !isNameToken(part)) break;
    parts.push(part.text);
    last = part;
    tokens.advance(inParens);
  }
  return { name: detach(parts.join('.').normalize('NFKC')), span: spanBetween(first, last) };
}

/** `name [as alias]` at the current token. */
function readAliased(tokens: Tokens, inParens: boolean): ImportedName | undefined {
  const dotted = readDotted(tokens, inParens);
  if (!dotted) return undefined;
  if (tokens.is('as')) {
    tokens.advance(inParens);
    const alias = tokens.current;
    if (alias && isNameToken(alias)) {
      tokens.advance(inParens);
      return { ...dotted, alias: detach(alias.text.normalize('NFKC')), itemEnd: alias.endIndex };
    }
  }
  return { ...dotted, itemEnd: dotted.span.end };
}

function recoverPlainImport(keyword: Node): ImportStatement | undefined {
  const tokens = new Tokens(keyword);
  tokens.advance();
  const modules = [];
  for (;;) {
    const item = readAliased(tokens, false);
    if (!item) break;
    modules.push(item);
    if (!tokens.is(',')) break;
    tokens.advance();
  }
  if (modules.length === 0) return undefined;
  return { kind: 'import', span: spanBetween(keyword, tokens.last), modules, recovered: true };
}

function recoverFrom(keyword: Node): FromImportStatement | undefined {
  const tokens = new Tokens(keyword);
  tokens.advance();
  let level = 0;
  const moduleStart = tokens.current;
  while (tokens.is('.') || tokens.is('...')) {
    level += tokens.is('.') ? 1 : 3;
    tokens.advance();
  }
  const dotted = readDotted(tokens, false);
  if (!moduleStart || (level === 0 && !dotted)) return undefined;
  const moduleSpan = spanBetween(moduleStart, tokens.last);
  if (!tokens.is('import')) return undefined;
  tokens.advance();

  const names: ImportedName[] = [];
  let wildcard: Span | undefined;
  if (tokens.is('*') && tokens.current) {
    wildcard = spanOf(tokens.current);
    tokens.advance();
  } else {
    const inParens = tokens.is('(');
    if (inParens) tokens.advance(true);
    for (;;) {
      const item = readAliased(tokens, inParens);
      if (!item) break;
      names.push(item);
      if (!tokens.is(',')) break;
      tokens.advance(inParens);
    }
    if (inParens && tokens.is(')')) tokens.advance();
  }
  if (names.length === 0 && !wildcard) return undefined;
  return {
    kind: 'from',
    span: spanBetween(keyword, tokens.last),
    level,
    module: dotted?.name ?? '',
    moduleSpan,
    names,
    ...(wildcard ? { wildcard } : {}),
    recovered: true,
  };
}
