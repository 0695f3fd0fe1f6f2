/**
 * The "rename its uses" fix for a renamed name: `from m import Old` becomes `from n import New`
 * and every identifier `Old` in the file becomes `New`. Offered only when every such identifier
 * resolves to that import: the file binds `Old` nowhere else (no parameter, assignment, loop or
 * `with` target, definition, other import, `global`, `del`, pattern capture…), does not use `New`
 * already (the rename would capture it), and spells `Old` in no string (`__all__`, `getattr`).
 * Attribute names (`x.Old`) and keyword names (`f(Old=1)`) are not the import and stay.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { TextEdit } from './textEdit';

/** Node types whose identifiers (directly, or through patterns) are bound, not used. */
const BINDING_PARENTS = new Set([
  'parameters', 'lambda_parameters', 'typed_parameter', 'list_splat_pattern', 'dictionary_splat_pattern',
  'pattern_list', 'tuple_pattern', 'list_pattern', 'as_pattern_target', 'global_statement', 'nonlocal_statement',
  'delete_statement', 'dotted_name', 'aliased_import', 'case_pattern', 'splat_pattern', 'keyword_pattern', 'type_parameter',
]);

/** Fields that bind their identifier: `def Old`, `class Old`, `Old = …`, `for Old in`, `Old := …`. */
const BINDING_FIELDS: Record<string, string> = {
  function_definition: 'name',
  class_definition: 'name',
  assignment: 'left',
  augmented_assignment: 'left',
  for_statement: 'left',
  for_in_clause: 'left',
  named_expression: 'name',
  default_parameter: 'name',
  typed_default_parameter: 'name',
  type_alias_statement: 'left',
};

function same(a: Node | null | undefined, b: Node): boolean {
  return !!a && a.startIndex === b.startIndex && a.endIndex === b.endIndex;
}

type Role = 'use' | 'binding' | 'other';

function roleOf(identifier: Node): Role {
  const parent = identifier.parent;
  if (!parent) return 'use';
  if (parent.type === 'attribute' && same(parent.childForFieldName('attribute'), identifier)) return 'other';
  if (parent.type === 'keyword_argument' && same(parent.childForFieldName('name'), identifier)) return 'other';
  if (BINDING_PARENTS.has(parent.type)) return 'binding';
  const field = BINDING_FIELDS[parent.type];
  if (field && same(parent.childForFieldName(field), identifier)) return 'binding';
  if (parent.type === 'except_clause' || parent.type === 'except_group_clause') {
    // `except E as Old`: the identifier after `as`
    const previous = identifier.previousSibling;
    if (previous?.type === 'as') return 'binding';
  }
  return 'use';
}

/**
 * Edits renaming the uses of `oldName` bound by the import statement spanning [start, end),
 * or undefined when the rename would not be safe (see the module comment).
 */
export function renameUses(tree: Tree, oldName: string, newName: string, importSpan: { start: number; end: number }): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  let safe = true;
  const visit = (node: Node): void => {
    if (!safe) return;
    if (node.startIndex >= importSpan.start && node.endIndex <= importSpan.end) return;
    if (node.type === 'identifier') {
      if (node.text === newName) safe = false;
      else if (node.text === oldName) {
        const role = roleOf(node);
        if (role === 'binding') safe = false;
        else if (role === 'use') edits.push({ start: node.startIndex, end: node.endIndex, newText: newName });
      }
      return;
    }
    if (node.type === 'string_content' && node.text === oldName) {
      safe = false;
      return;
    }
    if (node.type === 'ERROR') safe = false; // no reliable reading of what the identifiers mean
    for (const child of node.children) if (child) visit(child);
  };
  visit(tree.rootNode);
  return safe ? edits : undefined;
}
