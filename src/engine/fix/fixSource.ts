/** Fixes for one file's findings: plan, apply, and check that the result still parses. */
import { byPosition, matchTree, type CheckContext } from '../check';
import type { Finding } from '../findings';
import { moduleOfFile } from '../modules';
import type { PythonParser } from '../python/parser';
import { planImportFixes } from './importFixes';
import { dottedUses, memberUses } from './references';
import { renameUses } from './renameUses';
import { applyEdits, type TextEdit } from './textEdit';

/** A finding and an offset on the first line of the statement (or string) it is about. */
export interface Found {
  finding: Finding;
  anchor: number;
}

export interface SourceFix {
  /** Edits against the given text; empty when nothing can be fixed. */
  edits: TextEdit[];
  /** The text with the edits applied. */
  output: string;
  /** Every finding in the file, selected or not, in document order. */
  found: Found[];
  /** Why the planned edits were refused, when they were. */
  refused?: string;
}

/**
 * Plans the fixes for the findings `select` picks (default: all) in `text`. A plan that would
 * turn a file that parses into one that does not is refused as a whole: nothing is better than
 * a corrupted file.
 */
export interface FixOptions {
  /** Renamed names get their uses renamed instead of an alias (never on save: it edits code, not imports). */
  renameUses?: boolean;
}

export function fixSource(
  parser: PythonParser,
  text: string,
  file: string,
  ctx: CheckContext,
  select: (f: Finding) => boolean = () => true,
  options: FixOptions = {},
): SourceFix {
  const tree = parser.parse(text);
  try {
    const { imports, importMatches, stringMatches } = matchTree(tree, moduleOfFile(file, ctx.sourceRoots), ctx, { text });
    const found = [
      ...importMatches.map((m) => ({ finding: m.finding, anchor: m.statement.span.start })),
      ...stringMatches.map((m) => ({ finding: m.finding, anchor: m.content.start })),
    ].sort((a, b) => byPosition(a.finding, b.finding));

    const edits = planImportFixes(
      text,
      imports,
      importMatches.filter((m) => select(m.finding)),
      {
        dottedUses: (dotted) => dottedUses(tree, dotted),
        memberUses: (binding) => memberUses(tree, binding),
        movedMembers: (module) => new Map([...ctx.registry.nameRules(module)].map(([name, rule]) => [name, rule.to && { module: rule.to.module, name: rule.to.name! }])),
        ...(options.renameUses ? { renameUses: (oldName: string, newName: string, span: { start: number; end: number }) => renameUses(tree, oldName, newName, span) } : {}),
      },
    );
    for (const { finding, content } of stringMatches) {
      // the string's content only: its quotes and prefix stay as written
      if (select(finding) && finding.replacement?.kind === 'string') edits.push({ start: content.start, end: content.end, newText: finding.replacement.newValue, rule: finding.ruleFrom });
    }
    if (edits.length === 0) return { edits, output: text, found };
    const output = applyEdits(text, edits);
    const after = parser.parse(output);
    const broken = !tree.rootNode.hasError && after.rootNode.hasError;
    after.delete();
    if (broken) return { edits: [], output: text, found, refused: 'the rewritten file would not parse' };
    return { edits, output, found };
  } finally {
    tree.delete();
  }
}
