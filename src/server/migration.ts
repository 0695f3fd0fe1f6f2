/**
 * Plans the workspace-wide migration: every fixable deprecated import in every Python file of
 * every workspace folder, as one WorkspaceEdit grouped by rule (change annotations that need
 * confirmation, so VS Code shows its refactor preview). Files are planned one at a time with
 * a yield to the event loop in between, so diagnostics keep flowing while a big workspace is
 * planned, and the plan stops as soon as the client cancels.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { ResponseError, LSPErrorCodes, type AnnotatedTextEdit, type CancellationToken, type ChangeAnnotation, type TextDocumentEdit, type WorkDoneProgressReporter } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { CheckContext } from '../engine/check';
import type { Finding } from '../engine/findings';
import { fixSource } from '../engine/fix/fixSource';
import type { PythonParser } from '../engine/python/parser';
import { discoverPythonFiles } from '../engine/workspace/discover';
import { readSource } from '../engine/workspace/readSource';
import type { PlanMigrationParams, PlanMigrationResult } from '../protocol/migration';

export interface MigrationScope {
  root: string;
  ctx: CheckContext;
}

/** The text of a file as the editor has it, when it is open. */
export type OpenText = (path: string) => TextDocument | undefined;

export async function planMigration(
  parser: PythonParser,
  scopes: readonly MigrationScope[],
  openText: OpenText,
  params: PlanMigrationParams,
  progress: WorkDoneProgressReporter,
  token: CancellationToken,
): Promise<PlanMigrationResult> {
  const result: PlanMigrationResult = { edit: { documentChanges: [], changeAnnotations: {} }, filesChecked: 0, filesChanged: 0, fixes: 0, unfixable: 0, skipped: [] };
  const annotations = result.edit.changeAnnotations as Record<string, ChangeAnnotation>;
  const select = (f: Finding) => params.rule === undefined || f.ruleFrom === params.rule;

  const files: { path: string; scope: MigrationScope }[] = [];
  for (const scope of scopes) {
    const onUnreadable = (path: string, reason: string) => result.skipped.push({ uri: URI.file(path).toString(), reason });
    for (const path of await discoverPythonFiles(scope.root, [], { onUnreadable })) files.push({ path, scope });
  }
  progress.begin('SSOT Imports: planning the migration', 0, `${files.length} files`, true);

  for (const [index, { path, scope }] of files.entries()) {
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'migration cancelled');
    if (index % 25 === 0) {
      progress.report(Math.round((100 * index) / files.length), `${index} of ${files.length} files`);
      await yieldToEventLoop();
    }
    const open = openText(path);
    let text: string;
    let version: number | null = null;
    if (open) {
      text = open.getText();
      version = open.version;
    } else {
      const source = await readSource(path);
      if (!source.ok) {
        result.skipped.push({ uri: URI.file(path).toString(), reason: source.reason });
        continue;
      }
      text = source.text;
    }
    result.filesChecked++;
    const fix = fixSource(parser, text, path, scope.ctx, select);
    const selected = fix.found.filter((f) => select(f.finding));
    const fixedHere = fix.edits.length > 0 ? selected.filter((f) => f.finding.replacement).length : 0;
    result.unfixable += selected.length - fixedHere;
    if (fix.edits.length === 0) continue;
    result.fixes += fixedHere;
    result.filesChanged++;
    // Positions for the edits: in the open document, or in the text read from disk
    // (TextDocument only for its position arithmetic; a BOM read from disk was stripped, as editors do).
    const document = open ?? TextDocument.create(URI.file(path).toString(), 'python', 0, text);
    const edits: AnnotatedTextEdit[] = fix.edits.map((e) => {
      const rule = e.rule ?? 'SSOT imports';
      annotations[rule] ??= { label: `from = "${rule}"`, description: 'SSOT registry rule', needsConfirmation: true };
      return { range: { start: document.positionAt(e.start), end: document.positionAt(e.end) }, newText: e.newText, annotationId: rule };
    });
    const change: TextDocumentEdit = { textDocument: { uri: URI.file(path).toString(), version }, edits };
    result.edit.documentChanges!.push(change);
  }
  progress.done();
  return result;
}
