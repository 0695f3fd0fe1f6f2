/** Fixes for one file's deprecated imports: plan, apply, and check that the result still parses. */
import { matchImports, type CheckContext, type ImportMatch } from '../check';
import { moduleOfFile } from '../modules';
import { extractImports } from '../python/imports';
import type { PythonParser } from '../python/parser';
import { planImportFixes } from './importFixes';
import { dottedUses, memberUses } from './references';
import { applyEdits, type TextEdit } from './textEdit';

export interface SourceFix {
  /** Edits against the given text; empty when nothing can be fixed. */
  edits: TextEdit[];
  /** The text with the edits applied. */
  output: string;
  /** Every finding in the file, fixed or not. */
  matches: ImportMatch[];
  /** The selected findings that have no fix (no replacement in the registry). */
  unfixable: ImportMatch[];
  /** Why the planned edits were refused, when they were. */
  refused?: string;
}

/**
 * Plans the fixes for the findings `select` picks (default: all) in `text`. A plan that would
 * turn a file that parses into one that does not is refused as a whole: nothing is better than
 * a corrupted file.
 */
export function fixSource(parser: PythonParser, text: string, file: string, ctx: CheckContext, select: (m: ImportMatch) => boolean = () => true): SourceFix {
  const tree = parser.parse(text);
  try {
    const imports = extractImports(tree);
    const matches = matchImports(imports, moduleOfFile(file, ctx.sourceRoots), ctx);
    const selected = matches.filter(select);
    const unfixable = selected.filter((m) => !m.finding.replacement);
    const edits = planImportFixes(text, imports, selected, {
      dottedUses: (dotted) => dottedUses(tree, dotted),
      memberUses: (binding) => memberUses(tree, binding),
      movedMembers: (module) => new Map([...ctx.registry.nameRules(module)].map(([name, rule]) => [name, rule.to && { module: rule.to.module, name: rule.to.name! }])),
    });
    if (edits.length === 0) return { edits, output: text, matches, unfixable };
    const output = applyEdits(text, edits);
    const after = parser.parse(output);
    const broken = !tree.rootNode.hasError && after.rootNode.hasError;
    after.delete();
    if (broken) return { edits: [], output: text, matches, unfixable, refused: 'the rewritten file would not parse' };
    return { edits, output, matches, unfixable };
  } finally {
    tree.delete();
  }
}
