/** Dotted uses of a module in code (`a.b.X` for `import a.b`), found in the syntax tree. */
import type { Node, Tree } from 'web-tree-sitter';

const IMPORT_NODES = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);

/** The identifiers of an attribute chain made only of names (`a.b.c`), or undefined. */
function chain(node: Node): string | undefined {
  if (node.type === 'identifier') return node.text;
  if (node.type !== 'attribute') return undefined;
  const object = node.childForFieldName('object');
  const attribute = node.childForFieldName('attribute');
  const head = object && chain(object);
  return head && attribute ? `${head}.${attribute.text}` : undefined;
}

/** `binding.name` accesses (e.g. `m.X` for `import a.b as m`): the span of each `name`. */
export function memberUses(tree: Tree, binding: string): { name: string; start: number; end: number }[] {
  const uses: { name: string; start: number; end: number }[] = [];
  const visit = (node: Node): void => {
    if (IMPORT_NODES.has(node.type)) return;
    if (node.type === 'attribute') {
      const object = node.childForFieldName('object');
      const attribute = node.childForFieldName('attribute');
      if (object && attribute && chain(object) === binding) uses.push({ name: attribute.text, start: attribute.startIndex, end: attribute.endIndex });
    }
    for (const child of node.children) if (child) visit(child);
  };
  visit(tree.rootNode);
  return uses;
}

/** Spans of every expression that spells `dottedModule` exactly, outside import statements. */
export function dottedUses(tree: Tree, dottedModule: string): { start: number; end: number }[] {
  const uses: { start: number; end: number }[] = [];
  const last = dottedModule.slice(dottedModule.lastIndexOf('.') + 1);
  const visit = (node: Node): void => {
    if (IMPORT_NODES.has(node.type)) return;
    if (node.type === 'attribute' && node.childForFieldName('attribute')?.text === last && chain(node) === dottedModule) {
      uses.push({ start: node.startIndex, end: node.endIndex });
      return;
    }
    for (const child of node.children) if (child) visit(child);
  };
  visit(tree.rootNode);
  return uses;
}
