/**
 * Imports inside `try:` blocks whose handler catches ImportError: the code expects them to fail
 * (optional dependencies, compatibility shims), so a missing name or module there is no error.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { AnyImport } from '../python/imports';

/** Exceptions whose handler catches a failed import. */
const CATCHES_IMPORT_ERROR = new Set(['ImportError', 'ModuleNotFoundError', 'Exception', 'BaseException']);

const IMPORTS = new Set(['import_statement', 'import_from_statement']);

/** Start offsets of the guarded import statements (compare with `AnyImport.span.start`). */
export function guardedImports(tree: Tree): Set<number> {
  const guarded = new Set<number>();
  const visit = (node: Node, inGuard: boolean): void => {
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (IMPORTS.has(child.type)) {
        if (inGuard) guarded.add(child.startIndex);
      } else if (child.type === 'try_statement') {
        const guards = child.namedChildren.some((c) => (c?.type === 'except_clause' || c?.type === 'except_group_clause') && catchesImportError(c));
        const body = child.childForFieldName('body');
        for (const part of child.namedChildren) {
          // only the `try:` body is guarded, not its handlers, `else` or `finally` (node wrappers differ: compare ids)
          if (part) visit(part, inGuard || (guards && part.id === body?.id));
        }
      } else if (child.childCount > 0 && !isExpression(child)) {
        visit(child, inGuard);
      }
    }
  };
  visit(tree.rootNode, false);
  return guarded;
}

/**
 * The same as `guardedImports`, for the given statements of the tree only (sorted start
 * offsets): each is walked up to its enclosing `try` blocks instead of walking the whole tree.
 * With the source `text`, a file that has no `try … except` at all costs nothing.
 */
export function guardedAmong(tree: Tree, imports: readonly AnyImport[], text?: string): number[] {
  if (imports.length === 0 || (text !== undefined && !(text.includes('try') && text.includes('except')))) return [];
  const guarded: number[] = [];
  const moduleLevel = tree.rootNode.startIndex;
  for (const statement of imports) {
    // a statement whose block is the module is in no try body: no need to look it up
    if (statement.scope === moduleLevel) continue;
    const start = statement.span.start;
    let node: Node | null = tree.rootNode.descendantForIndex(start);
    // the statement node itself; an import read from error recovery has none, and the full walk never guards those either
    while (node && !(IMPORTS.has(node.type) && node.startIndex === start)) node = node.parent;
    if (node && insideGuardedTry(node)) guarded.push(start);
  }
  return guarded.sort((a, b) => a - b);
}

/** Whether `node` lies in the `try:` body of a try statement that catches ImportError. */
function insideGuardedTry(node: Node): boolean {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type !== 'try_statement' || child.id !== parent.childForFieldName('body')?.id) continue;
    if (parent.namedChildren.some((c) => (c?.type === 'except_clause' || c?.type === 'except_group_clause') && catchesImportError(c))) return true;
  }
  return false;
}

/** `except:`, `except ImportError:`, `except (ImportError, OSError) as e:` … */
function catchesImportError(clause: Node): boolean {
  const first = clause.namedChildren.find((c) => c?.type !== 'comment');
  if (!first || first.type === 'block') return true; // bare except
  const caught = first.type === 'as_pattern' ? first.namedChildren[0] : first;
  if (!caught) return true;
  const names = caught.type === 'tuple' || caught.type === 'parenthesized_expression' ? caught.namedChildren : [caught];
  return names.some((n) => n !== null && CATCHES_IMPORT_ERROR.has(lastName(n)));
}

/** `ImportError` of `builtins.ImportError` too. */
function lastName(node: Node): string {
  if (node.type === 'attribute') return node.childForFieldName('attribute')?.text ?? '';
  return node.type === 'identifier' ? node.text : '';
}

/** Expressions hold no statements (lambdas cannot import): no need to descend. */
function isExpression(node: Node): boolean {
  return node.type === 'expression_statement' || node.type === 'return_statement' || node.type === 'decorator';
}
