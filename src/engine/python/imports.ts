/**
 * Every import statement of a Python file, with exact spans, from its tree-sitter tree.
 *
 * Only statement-level nodes are visited (imports never occur inside expressions), which keeps
 * extraction cheap on large files. Imports that tree-sitter could only recover as ERROR
 * fragments are read token by token (see recovery.ts).
 */
import type { Node, Tree } from 'web-tree-sitter';
import { meets, offsetPast, spanPast, type AppliedEdit, type Window } from './changedRegions';
import { recoverImport } from './recovery';
import { occurrences, type SourceText, type TreeSource } from './sourceText';
import { suppressionOnLine, type Suppression } from './suppression';
import { dottedName, identifier, spanOf, startsStatement, tokenKind, type Span } from './syntax';

/** One `a.b [as c]` of an `import` statement, or one `X [as Y]` of a `from … import` statement. */
export interface ImportedName {
  name: string;
  /** The name as written (`a.b`), without the alias. */
  span: Span;
  alias?: string;
  /** Offset just after the whole item, alias included. */
  itemEnd: number;
}

export type ImportedModule = ImportedName;

interface StatementBase {
  /** The whole statement, from its keyword to its last token. */
  span: Span;
  /** From a `# ssot: ignore` comment on the statement's first line. */
  suppression?: Suppression;
  /** True when read from tree-sitter's error recovery rather than a clean import node. */
  recovered: boolean;
  /**
   * Identifies the block the statement is in (its start offset); statements with equal scopes are
   * siblings. Only set in files that parse without errors.
   */
  scope?: number;
}

export interface ImportStatement extends StatementBase {
  kind: 'import';
  modules: ImportedModule[];
}

export interface FromImportStatement extends StatementBase {
  kind: 'from';
  /** Number of leading dots (0 for an absolute import). */
  level: number;
  /** The dotted module as written, without the leading dots ('' for `from . import x`). */
  module: string;
  /** The module as written, dots included. */
  moduleSpan: Span;
  names: ImportedName[];
  /** Span of `*` in `from m import *`. */
  wildcard?: Span;
}

export type AnyImport = ImportStatement | FromImportStatement;

export type { AppliedEdit } from './changedRegions';

/** Node types that hold statements, and so may hold imports. */
const CONTAINERS = new Set([
  'module', 'block', 'if_statement', 'elif_clause', 'else_clause', 'try_statement', 'except_clause',
  'except_group_clause', 'finally_clause', 'with_statement', 'for_statement', 'while_statement',
  'function_definition', 'class_definition', 'decorated_definition', 'match_statement', 'case_clause',
]);

export const IMPORT_STATEMENTS: ReadonlySet<string> = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);

/** The imports of `tree`; pass its whole `text` when at hand (else the root node's text is read). */
export function extractImports(tree: Tree, text?: SourceText): AnyImport[] {
  const source = sourceOf(tree, text);
  return (tree.rootNode.hasError ? readRecoveringImports(tree, source) : readCleanImports(tree, source)).sort((a, b) => a.span.start - b.span.start);
}

/**
 * The statements of a tree with syntax errors (those whose keyword is within `windows`, when
 * given: ChangedRegions.recoveringWindows), without scopes: where tree-sitter had to recover,
 * statements may hang from the wrong block.
 */
function readRecoveringImports(tree: Tree, source: TreeSource, windows?: readonly Window[]): AnyImport[] {
  const found: AnyImport[] = [];
  const seen = new Set<number>();
  const add = (statement: AnyImport | undefined, first: Node) => {
    if (!statement || seen.has(statement.span.start)) return;
    seen.add(statement.span.start);
    statement.suppression = suppressionOnLine(first, source);
    found.push(statement);
  };

  // In a file with syntax errors tree-sitter may recover the tail of `from x import y` as a
  // statement `import y`, or leave a keyword inside an expression: only statement starts count.
  // Every statement spells `import`; a `from` without one matters only where recovery reads
  // tokens, inside a node with an error. The walk skips the rest (in a large file, nearly all).
  const mentionsImport = mentionsOf(source, 'import', windows);
  const mentionsFrom = mentionsOf(source, 'from', windows);
  const visit = (node: Node): void => {
    switch (node.type) {
      case 'import_statement':
      case 'import_from_statement':
      case 'future_import_statement':
        if (node.firstChild && !startsStatement(node.firstChild)) return;
        if (!node.hasError) {
          add(node.type === 'import_statement' ? readImport(node) : readFromImport(node), node);
          return;
        }
        // A statement with an ERROR inside may continue past its node (e.g. dedented names after
        // `from x import (`): read it token by token from its keyword instead. A half-typed one
        // (`from x import` + newline) may have swallowed the next statement: look for it below.
        if (node.firstChild) add(recoverImport(node.firstChild), node);
        break;
    }
    const inError = node.type === 'ERROR' || IMPORT_STATEMENTS.has(node.type);
    if (!inError && !CONTAINERS.has(node.type) && !node.hasError) return;
    for (const child of node.children) {
      if (!child) continue;
      const { startIndex: start, endIndex: end } = child;
      if (!mentionsImport(start, end) && !(mentionsFrom(start, end) && (inError || child.hasError))) continue;
      if (inError && child.childCount === 0 && (tokenKind(child) === 'import' || tokenKind(child) === 'from')) {
        if (startsStatement(child)) add(recoverImport(child), child);
      } else if (child.childCount > 0) {
        visit(child);
      }
    }
  };
  visit(tree.rootNode);
  return found;
}

/** Whether [start, end) of the tree holds the text `keyword` (within `windows`, when given). */
function mentionsOf({ text, base }: TreeSource, keyword: string, windows?: readonly Window[]): (start: number, end: number) => boolean {
  const at = windows
    ? windows.flatMap((w) => occurrences(text, keyword, Math.max(0, w.start - base), w.end - base)).map((i) => base + i)
    : occurrences(text, keyword).map((i) => base + i);
  return (start, end) => {
    let lo = 0;
    let hi = at.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (at[mid]! < start) lo = mid + 1;
      else hi = mid;
    }
    return lo < at.length && at[lo]! < end;
  };
}

/**
 * The import statements of a clean tree (within `windows`, when given). Every one contains the
 * keyword `import`, so only the places where the text spells it are looked at: each is walked up
 * to its statement (or found to be in a comment, string or name). Far cheaper than visiting every
 * node of a large file, which is what keeps per-keystroke checks fast.
 */
function importNodes(tree: Tree, { text, base }: TreeSource, windows?: readonly Window[]): Node[] {
  const root = tree.rootNode;
  const nodes: Node[] = [];
  let last = -1;
  for (const { start, end } of windows ?? [{ start: base, end: base + text.length }]) {
    for (const at of occurrences(text, 'import', Math.max(0, start - base), end - base)) {
      if (base + at < last) continue; // inside the statement found last
      let node: Node | null = root.descendantForIndex(base + at, base + at + 6);
      while (node && !IMPORT_STATEMENTS.has(node.type)) node = node.parent;
      if (node) {
        nodes.push(node);
        last = node.endIndex;
      }
    }
  }
  return nodes;
}

/**
 * The text a tree was parsed from, and the offset it starts at: the whole text when given, else
 * the root node's, which starts at its first token (after a BOM, say).
 */
function sourceOf(tree: Tree, text: SourceText | undefined): TreeSource {
  return text !== undefined ? { text, base: 0 } : { text: tree.rootNode.text, base: tree.rootNode.startIndex };
}

/** The statements of a tree without syntax errors (within `windows`), each with its suppression and its block (scope), in document order. */
function readCleanImports(tree: Tree, source: TreeSource, windows?: readonly Window[]): AnyImport[] {
  const found: AnyImport[] = [];
  for (const node of importNodes(tree, source, windows)) {
    const statement = node.type === 'import_statement' ? readImport(node) : readFromImport(node);
    if (!statement) continue;
    statement.suppression = suppressionOnLine(node, source);
    if (node.parent) statement.scope = node.parent.startIndex;
    found.push(statement);
  }
  return found;
}

function readImport(node: Node): ImportStatement {
  const modules: ImportedModule[] = [];
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'dotted_name') {
      modules.push({ name: dottedName(child), span: spanOf(child), itemEnd: child.endIndex });
    } else if (child.type === 'aliased_import') {
      const name = child.childForFieldName('name');
      const alias = child.childForFieldName('alias');
      if (name) modules.push({ name: dottedName(name), span: spanOf(name), itemEnd: child.endIndex, ...(alias ? { alias: identifier(alias) } : {}) });
    }
  }
  return { kind: 'import', span: spanOf(node), modules, recovered: false };
}

function readFromImport(node: Node): FromImportStatement | undefined {
  const moduleNode = node.type === 'future_import_statement' ? undefined : node.childForFieldName('module_name');
  let level = 0;
  let module = '__future__';
  let moduleSpan: Span;
  if (moduleNode) {
    moduleSpan = spanOf(moduleNode);
    if (moduleNode.type === 'relative_import') {
      const prefix = moduleNode.namedChildren.find((c) => c?.type === 'import_prefix');
      level = prefix ? [...prefix.text].filter((c) => c === '.').length : 0;
      const dotted = moduleNode.namedChildren.find((c) => c?.type === 'dotted_name');
      module = dotted ? dottedName(dotted) : '';
    } else {
      module = dottedName(moduleNode);
    }
  } else {
    const futureKeyword = node.children.find((c) => c?.type === '__future__');
    if (!futureKeyword) return undefined;
    moduleSpan = spanOf(futureKeyword);
  }

  const names: ImportedName[] = [];
  let wildcard: Span | undefined;
  for (const child of node.children) {
    if (!child || child === moduleNode || child.startIndex < moduleSpan.end) continue;
    if (child.type === 'dotted_name') {
      names.push({ name: dottedName(child), span: spanOf(child), itemEnd: child.endIndex });
    } else if (child.type === 'aliased_import') {
      const name = child.childForFieldName('name');
      const alias = child.childForFieldName('alias');
      if (name) names.push({ name: dottedName(name), span: spanOf(name), itemEnd: child.endIndex, ...(alias ? { alias: identifier(alias) } : {}) });
    } else if (child.type === 'wildcard_import') {
      wildcard = spanOf(child);
    }
  }
  return { kind: 'from', span: spanOf(node), level, module, moduleSpan, names, ...(wildcard ? { wildcard } : {}), recovered: false };
}

/**
 * The imports of `tree` after `edits` (in the order applied) changed the text whose tree gave
 * `previous`, where `windows` hold every place the text or its syntax changed: for a clean tree
 * (and a clean previous one) ChangedRegions.windows widened over IMPORT_STATEMENTS, for a tree
 * with errors (and a previous one with errors) ChangedRegions.recoveringWindows. A statement
 * outside them is the same statement as before, in the same block, only moved; the windows are
 * read as extractImports reads a whole file. While typing the windows are a line or two, so a
 * keystroke costs a few lookups instead of a pass over every import.
 */
export function extractImportsAfterEdits(tree: Tree, previous: readonly AnyImport[], edits: readonly AppliedEdit[], windows: readonly Window[], text?: SourceText): AnyImport[] {
  const source = sourceOf(tree, text);
  const read = tree.rootNode.hasError ? readRecoveringImports(tree, source, windows) : readCleanImports(tree, source, windows);
  const starts = new Set(read.map((s) => s.span.start));
  const kept: AnyImport[] = [];
  for (const statement of previous) {
    const moved = edits.reduce<AnyImport | undefined>((s, edit) => s && movedPast(s, edit), statement);
    if (!moved || meets(windows, moved.span.start, moved.span.end) || starts.has(moved.span.start)) continue;
    // an edit at its block's start: where the block starts now is looked up
    if (statement.scope !== undefined && moved.scope === undefined) moved.scope = scopeOf(tree, moved);
    kept.push(moved);
  }
  return [...kept, ...read].sort((a, b) => a.span.start - b.span.start);
}

/** The start of the block that holds `statement` in `tree`. */
function scopeOf(tree: Tree, statement: AnyImport): number | undefined {
  let node: Node | null = tree.rootNode.descendantForIndex(statement.span.start);
  while (node && !IMPORT_STATEMENTS.has(node.type)) node = node.parent;
  return node?.parent?.startIndex;
}

/**
 * The statement moved past one edit: undefined when the edit touched one of its lines, without a
 * scope when the edit was at its block's start (text inserted there may belong to the block or not).
 */
function movedPast(statement: AnyImport, edit: AppliedEdit): AnyImport | undefined {
  const span = spanPast(statement.span, edit);
  if (!span) return undefined;
  const scope = statement.scope === undefined ? undefined : offsetPast(statement.scope, edit);
  if (span === statement.span && scope === statement.scope) return statement;
  const offset = span.start - statement.span.start;
  const lines = span.range.start.line - statement.span.range.start.line;
  const move = (s: Span): Span => ({
    start: s.start + offset,
    end: s.end + offset,
    range: { start: { line: s.range.start.line + lines, character: s.range.start.character }, end: { line: s.range.end.line + lines, character: s.range.end.character } },
  });
  const item = (i: ImportedName): ImportedName => ({ ...i, span: move(i.span), itemEnd: i.itemEnd + offset });
  const rest: AnyImport = { ...statement, span };
  if (scope === undefined) delete rest.scope;
  else rest.scope = scope;
  if (rest.kind === 'import') return { ...rest, modules: rest.modules.map(item) };
  return {
    ...rest,
    moduleSpan: move(rest.moduleSpan),
    names: rest.names.map(item),
    ...(rest.wildcard ? { wildcard: move(rest.wildcard) } : {}),
  };
}
