/**
 * The names a Python module binds at module level, read from its tree-sitter tree: what
 * `from module import name` can find without running the module.
 *
 * Only module-level statements are visited, descending into compound statements (`if`, `try`,
 * `with`, `for`, `while`, `match`) but never into `def` or `class` bodies, whose names are not
 * the module's. Works on trees with syntax errors: whatever tree-sitter recovered as statements
 * counts, and nothing throws.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { resolveRelative, type FileModule } from '../modules';
import { extractImports, type AnyImport } from '../python/imports';
import { detach, identifier } from '../python/syntax';

export type BindingKind =
  | 'def'
  | 'async def'
  | 'class'
  | 'assignment'
  /** `x: int` without a value: only declared, but counted as bound (stubs, `TYPE_CHECKING` blocks) */
  | 'annotation'
  | 'for'
  | 'with'
  | 'except'
  | 'walrus'
  /** `type X = ...` (PEP 695) */
  | 'type'
  | 'import';

/** Where an imported name comes from: `module` is absolute; `name` is absent for `import a.b [as c]`. */
export interface ImportSource {
  module: string;
  name?: string;
}

export interface Binding {
  name: string;
  /** 1-based line of the name. */
  line: number;
  kind: BindingKind;
  /** For imports whose module could be resolved (absent for a relative import above the root). */
  from?: ImportSource;
}

/** Why a module may bind names that cannot be read from its text. */
export type OpenReason = 'wildcard' | '__getattr__' | 'globals' | 'sys.modules';

export interface ModuleBindings {
  /** In source order; a name appears once per kind (its first binding of that kind). */
  bindings: Binding[];
  /** The string literals of `__all__` (assigned, `+=`, `.extend`, `.append`), when there are any. */
  all?: string[];
  /** Set when the module is "open": a missing name must never be reported in it. */
  open?: OpenReason;
}

/**
 * Every module-level binding of the file whose tree this is. `fileModule` resolves relative
 * imports; pass `imports` when the caller has extracted them already.
 */
export function moduleBindings(tree: Tree, fileModule?: FileModule, imports: readonly AnyImport[] = extractImports(tree)): ModuleBindings {
  const collector = new Collector();
  try {
    collector.block(tree.rootNode);
  } catch {
    // A tree shape this walk did not foresee: keep what was collected (never fail a whole index).
  }
  // Both lists are in document order and the bodies do not overlap: one merge pass.
  const bodies = collector.nestedBodies;
  let b = 0;
  for (const statement of [...imports].sort((x, y) => x.span.start - y.span.start)) {
    while (b < bodies.length && bodies[b]![1] <= statement.span.start) b++;
    const body = bodies[b];
    if (!body || statement.span.start < body[0]) collector.importStatement(statement, fileModule);
  }
  collector.bindings.sort((a, b) => a.line - b.line);
  return {
    bindings: collector.bindings,
    ...(collector.all.length > 0 ? { all: collector.all } : {}),
    ...(collector.open ? { open: collector.open } : {}),
  };
}

/** Block-holding children of compound statements, by statement type. */
const CLAUSES = new Set(['block', 'elif_clause', 'else_clause', 'except_clause', 'except_group_clause', 'finally_clause', 'case_clause']);

/** Nodes that stand for a group of targets (`a, (b, *c)` and `[d, e]`): their identifiers are bound. */
const TARGET_GROUPS = new Set([
  'pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'parenthesized_expression',
  'list_splat_pattern', 'list_splat', 'as_pattern_target',
]);

class Collector {
  readonly bindings: Binding[] = [];
  readonly all: string[] = [];
  open: OpenReason | undefined;
  /** [start, end) offsets of def and class bodies: imports inside them bind nothing at module level. */
  readonly nestedBodies: [number, number][] = [];
  private readonly seen = new Set<string>();

  /** Records the first binding of `name` of this kind; `at` is the name's node or its 1-based line. */
  add(name: string, at: Node | number, kind: BindingKind, from?: ImportSource): void {
    const key = `${kind}\0${name}`;
    if (name === '' || this.seen.has(key)) return;
    this.seen.add(key);
    this.bindings.push({ name, line: typeof at === 'number' ? at : at.startPosition.row + 1, kind, ...(from ? { from } : {}) });
  }

  /** The statements of a module, block or clause (and of ERROR nodes, which may hold statements). */
  block(node: Node): void {
    for (const child of node.namedChildren) if (child) this.statement(child);
  }

  statement(node: Node): void {
    switch (node.type) {
      case 'function_definition':
      case 'class_definition':
        this.definition(node);
        return;
      case 'decorated_definition': {
        const definition = node.childForFieldName('definition');
        if (definition) this.definition(definition);
        return;
      }
      case 'expression_statement':
        for (const child of node.namedChildren) if (child) this.expression(child);
        return;
      case 'type_alias_statement': {
        const left = node.childForFieldName('left');
        const name = left?.type === 'type' ? left.namedChildren[0] : left;
        if (name?.type === 'identifier') this.add(identifier(name), name, 'type');
        return;
      }
      case 'if_statement':
      case 'while_statement':
        this.walrus(node.childForFieldName('condition'));
        this.compound(node);
        return;
      case 'elif_clause':
        this.walrus(node.childForFieldName('condition'));
        this.compound(node);
        return;
      case 'for_statement': {
        const left = node.childForFieldName('left');
        if (left) this.targets(left, 'for');
        this.compound(node);
        return;
      }
      case 'with_statement':
        for (const clause of node.namedChildren) {
          if (clause?.type !== 'with_clause') continue;
          for (const item of clause.namedChildren) {
            const value = item?.type === 'with_item' ? item.childForFieldName('value') : null;
            const alias = value?.type === 'as_pattern' ? value.childForFieldName('alias') : null;
            if (alias) this.targets(alias, 'with');
          }
        }
        this.compound(node);
        return;
      case 'except_clause':
      case 'except_group_clause':
        for (const child of node.namedChildren) {
          const alias = child?.type === 'as_pattern' ? child.childForFieldName('alias') : null;
          if (alias) this.targets(alias, 'except');
        }
        this.compound(node);
        return;
      case 'try_statement':
      case 'match_statement': // its body is a block of case clauses
      case 'else_clause':
      case 'finally_clause':
      case 'case_clause':
        this.compound(node);
        return;
      case 'block':
      case 'ERROR':
        this.block(node);
        return;
      default:
        return;
    }
  }

  /** The clauses and blocks of a compound statement. */
  private compound(node: Node): void {
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'block' || child.type === 'ERROR') this.block(child);
      else if (CLAUSES.has(child.type)) this.statement(child);
    }
  }

  private definition(node: Node): void {
    const name = node.childForFieldName('name');
    const body = node.childForFieldName('body');
    if (body) this.nestedBodies.push([body.startIndex, body.endIndex]);
    if (name?.type !== 'identifier') return;
    const text = identifier(name);
    const kind: BindingKind = node.type === 'class_definition' ? 'class' : node.children.some((c) => c?.type === 'async') ? 'async def' : 'def';
    this.add(text, name, kind);
    if (text === '__getattr__' && kind !== 'class') this.open ??= '__getattr__';
  }

  /** An expression statement: assignments, `__all__` updates, walrus, and the ways a module opens itself up. */
  private expression(node: Node): void {
    switch (node.type) {
      case 'assignment': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (left) {
          // `x: int` has a type and no value
          this.targets(left, right === null && node.childForFieldName('type') !== null ? 'annotation' : 'assignment');
          if (isName(left, '__all__') && right) this.allLiteral(right, true);
          if (left.type === 'subscript' && opensModule(left)) this.open ??= opensModule(left);
        }
        // `a = b = 1` nests the second assignment as the right side
        if (right?.type === 'assignment') this.expression(right);
        else this.walrus(right);
        return;
      }
      case 'augmented_assignment': {
        const left = node.childForFieldName('left');
        if (left?.type === 'identifier') this.add(identifier(left), left, 'assignment');
        const right = node.childForFieldName('right');
        if (left && isName(left, '__all__') && right) this.allLiteral(right, false);
        return;
      }
      case 'call': {
        const fn = node.childForFieldName('function');
        if (fn?.type !== 'attribute') return;
        const object = fn.childForFieldName('object');
        const method = fn.childForFieldName('attribute')?.text;
        const args = node.childForFieldName('arguments');
        if (object && isName(object, '__all__') && args) {
          const first = args.namedChildren[0];
          if (method === 'extend' && first) this.allLiteral(first, false);
          if (method === 'append' && first?.type === 'string') this.allString(first);
        } else if (method === 'update' && object && isGlobalsCall(object)) {
          this.open ??= 'globals';
        }
        return;
      }
      default:
        this.walrus(node);
    }
  }

  /** `(x := value)` directly in a module-level expression or condition binds x in the module. */
  private walrus(node: Node | null): void {
    while (node?.type === 'parenthesized_expression') node = node.namedChildren[0] ?? null;
    if (node?.type !== 'named_expression') return;
    const name = node.childForFieldName('name');
    if (name?.type === 'identifier') this.add(identifier(name), name, 'walrus');
    this.walrus(node.childForFieldName('value'));
  }

  /** Identifiers bound by an assignment, `for`, `with … as` or `except … as` target. */
  targets(node: Node, kind: BindingKind): void {
    if (node.type === 'identifier') {
      this.add(identifier(node), node, kind);
    } else if (TARGET_GROUPS.has(node.type)) {
      for (const child of node.namedChildren) if (child) this.targets(child, kind);
    }
    // attributes (`x.y = 1`) and subscripts (`x[0] = 1`) bind nothing new
  }

  /** `['a', "b"]` or `('a',)`: its strings; anything else (a computed `__all__`) adds nothing. */
  private allLiteral(node: Node, replaces: boolean): void {
    if (node.type !== 'list' && node.type !== 'tuple') return;
    if (replaces) this.all.length = 0;
    for (const element of node.namedChildren) if (element?.type === 'string') this.allString(element);
  }

  private allString(node: Node): void {
    const value = plainString(node);
    if (value !== undefined && !this.all.includes(value)) this.all.push(value);
  }

  importStatement(statement: AnyImport, fileModule: FileModule | undefined): void {
    if (statement.kind === 'import') {
      for (const item of statement.modules) {
        const line = item.span.range.start.line + 1;
        // `import a.b` binds `a` (the package); `import a.b as c` binds `c` (the submodule)
        if (item.alias !== undefined) this.add(item.alias, line, 'import', { module: item.name });
        else {
          const top = item.name.split('.')[0]!;
          this.add(top, line, 'import', { module: top });
        }
      }
      return;
    }
    if (statement.module === '__future__' && statement.level === 0) return;
    const module = resolveRelative(statement.level, statement.module, fileModule);
    if (statement.wildcard) this.open ??= 'wildcard';
    for (const item of statement.names) {
      if (item.name.includes('.')) continue; // `from m import a.b` is a syntax error
      this.add(item.alias ?? item.name, item.span.range.start.line + 1, 'import', module !== undefined ? { module, name: item.name } : undefined);
    }
  }
}

function isName(node: Node, name: string): boolean {
  return node.type === 'identifier' && node.text === name;
}

function isGlobalsCall(node: Node): boolean {
  return node.type === 'call' && isName(node.childForFieldName('function') ?? node, 'globals');
}

/** `globals()[k] = v` and `sys.modules[__name__] = obj` make the module's names unknowable. */
function opensModule(subscript: Node): OpenReason | undefined {
  const value = subscript.childForFieldName('value');
  if (!value) return undefined;
  if (isGlobalsCall(value)) return 'globals';
  if (value.type === 'attribute' && value.text.replace(/\s/g, '') === 'sys.modules') return 'sys.modules';
  return undefined;
}

/** The value of a plain (not f- or bytes) string literal without escapes, copied out of the source. */
function plainString(node: Node): string | undefined {
  const start = node.namedChildren.find((c) => c?.type === 'string_start');
  if (!start || /[fFbB]/.test(start.text)) return undefined;
  const parts = node.namedChildren.filter((c) => c?.type === 'string_content');
  const only = parts.length === 1 ? parts[0] : undefined;
  // escape sequences and interpolations are child nodes of the content
  return only && only.namedChildCount === 0 ? detach(only.text) : undefined;
}
