/**
 * Code actions for SSOT001, SSOT004 and SSOT200 diagnostics: the preferred quick fix, "fix all of this rule in the
 * file", `source.fixAll.ssotImports` (what editor.codeActionsOnSave runs), and "ignore for this
 * import". Every edit is a versioned TextDocumentEdit: the client refuses to apply it to any
 * other version of the document than the one it was computed for.
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CheckContext } from '../engine/check';
import { sameRange, type Finding, type Replacement } from '../engine/findings';
import { lineEnd } from '../engine/fix/lines';
import { fixSource } from '../engine/fix/fixSource';
import type { TextEdit } from '../engine/fix/textEdit';
import type { PythonParser } from '../engine/python/parser';
import { candidateTitle, fixBrokenImport } from '../engine/index/brokenFixes';
import { findBrokenImports, MISSING_MODULE, MISSING_NAME, type BrokenImport } from '../engine/index/brokenImports';
import { guardedAmong } from '../engine/index/importGuards';
import type { ModuleIndex } from '../engine/index/moduleIndex';
import { moduleOfFile } from '../engine/modules';
import { extractImports } from '../engine/python/imports';
import { COLLECTION_ERROR } from './collectionErrors';
import { SOURCE } from './diagnostics';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.ssotImports`;

export interface ActionRequest {
  document: TextDocument;
  path: string;
  diagnostics: readonly Diagnostic[];
  /** The kinds the client asked for (`context.only`); undefined for all. */
  only?: readonly string[];
}

/** What the actions are computed with: the registry check (when the registry is valid) and the workspace index (when built). */
export interface ActionContext {
  ctx?: CheckContext;
  index?: ModuleIndex;
  sourceRoots: readonly string[];
}

export function codeActions(parser: PythonParser, actx: ActionContext, request: ActionRequest): CodeAction[] {
  const { document, path } = request;
  const text = document.getText();
  const wants = (kind: string) => !request.only || request.only.some((k) => kind === k || kind.startsWith(`${k}.`));
  const actions: CodeAction[] = [];
  const { ctx } = actx;

  if (wants(CodeActionKind.QuickFix)) {
    for (const diagnostic of request.diagnostics) {
      if (diagnostic.source !== SOURCE) continue;
      if (diagnostic.code === COLLECTION_ERROR) {
        if (ctx) actions.push(...collectionErrorFixes(parser, ctx, document, path, diagnostic));
        if (actx.index) actions.push(...brokenImportFixes(parser, actx, actx.index, document, path, diagnostic, { overlapping: true }));
        continue;
      }
      if ((diagnostic.code === MISSING_NAME || diagnostic.code === MISSING_MODULE) && actx.index) {
        actions.push(...brokenImportFixes(parser, actx, actx.index, document, path, diagnostic, { overlapping: false }));
        continue;
      }
      if (!ctx || (diagnostic.code !== 'SSOT001' && diagnostic.code !== 'SSOT004')) continue;
      const isThis = (f: Finding) => f.code === diagnostic.code && sameRange(f.range, diagnostic.range);
      const fix = fixSource(parser, text, path, ctx, isThis);
      const found = fix.found.find((f) => isThis(f.finding));
      if (!found) continue; // stale diagnostic: the document changed since
      const { finding } = found;
      if (fix.edits.length > 0 && finding.replacement) {
        actions.push({ title: titleOf(finding.replacement), kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true, edit: versioned(document, fix.edits) });
        // a renamed name: the alternative to `New as Old` is renaming the uses
        const r = finding.replacement;
        if (r.kind === 'name' && r.newName !== r.oldName) {
          const renamed = fixSource(parser, text, path, ctx, isThis, { renameUses: true });
          if (renamed.edits.length > 0 && renamed.output !== fix.output) {
            actions.push({ title: `Import '${r.newName}' from '${r.newModule}' and rename '${r.oldName}' in this file`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: versioned(document, renamed.edits) });
          }
        }
      }
      const sameRule = (f: Finding) => f.ruleFrom === finding.ruleFrom && f.replacement !== undefined;
      if (fix.found.filter((f) => sameRule(f.finding)).length > 1) {
        const all = fixSource(parser, text, path, ctx, sameRule);
        if (all.edits.length > 0) actions.push({ title: `Fix all '${finding.ruleFrom}' imports in this file`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: versioned(document, all.edits) });
      }
      const ignore = ignoreEdit(text, found.anchor, finding.code);
      if (ignore) actions.push({ title: `Ignore ${finding.code} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: versioned(document, [ignore]) });
    }
  }

  // asked for explicitly (on save), or offered in the lightbulb next to one of our diagnostics
  const ours = request.diagnostics.some((d) => d.source === SOURCE);
  if (ctx && (request.only ? wants(FIX_ALL_KIND) : ours)) {
    const fix = fixSource(parser, text, path, ctx);
    if (fix.edits.length > 0) actions.push({ title: 'Fix all deprecated SSOT imports', kind: FIX_ALL_KIND, edit: versioned(document, fix.edits) });
  }
  return actions;
}

/**
 * A collection error on an import that the registry also flags: the same fix as its SSOT001
 * finding (the import pytest fails on is usually the deprecated one).
 */
function collectionErrorFixes(parser: PythonParser, ctx: CheckContext, document: TextDocument, path: string, diagnostic: Diagnostic): CodeAction[] {
  const onIt = (f: Finding) => f.code === 'SSOT001' && f.replacement !== undefined && overlaps(f.range, diagnostic.range);
  const fix = fixSource(parser, document.getText(), path, ctx, onIt);
  const found = fix.found.filter((f) => onIt(f.finding));
  if (fix.edits.length === 0 || found.length === 0) return [];
  const title = found.length === 1 ? titleOf(found[0]!.finding.replacement!) : 'Import the canonical paths instead';
  return [{ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true, edit: versioned(document, fix.edits) }];
}

/** How many "import it from here" fixes a broken import offers: the best few candidates. */
const MAX_CANDIDATE_FIXES = 5;

/**
 * SSOT002/SSOT003: one fix per candidate place (best first, the first preferred), and "ignore".
 * For a collection error (SSOT200), the candidates of the broken import it lies on.
 */
function brokenImportFixes(
  parser: PythonParser,
  actx: ActionContext,
  index: ModuleIndex,
  document: TextDocument,
  path: string,
  diagnostic: Diagnostic,
  { overlapping }: { overlapping: boolean },
): CodeAction[] {
  const text = document.getText();
  const tree = parser.parse(text);
  let broken: BrokenImport | undefined;
  try {
    const imports = extractImports(tree);
    const found = findBrokenImports(imports, moduleOfFile(path, actx.sourceRoots), index, actx.ctx?.registry, { guarded: new Set(guardedAmong(tree, imports)) });
    broken = found.find((b) => (overlapping ? overlaps(b.range, diagnostic.range) : b.code === diagnostic.code && sameRange(b.range, diagnostic.range)));
  } finally {
    tree.delete();
  }
  if (!broken) return []; // stale diagnostic: the document changed since
  const actions: CodeAction[] = [];
  for (const candidate of broken.candidates.slice(0, MAX_CANDIDATE_FIXES)) {
    const fix = fixBrokenImport(parser, text, path, actx.sourceRoots, broken, candidate);
    if (fix.edits.length === 0) continue;
    actions.push({ title: candidateTitle(broken, candidate), kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], ...(actions.length === 0 ? { isPreferred: true } : {}), edit: versioned(document, fix.edits) });
  }
  if (!overlapping) {
    const ignore = ignoreEdit(text, broken.statement.span.start, broken.code);
    if (ignore) actions.push({ title: `Ignore ${broken.code} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: versioned(document, [ignore]) });
  }
  return actions;
}

function titleOf(replacement: Replacement): string {
  switch (replacement.kind) {
    case 'module':
      return `Import '${replacement.newModule}' instead`;
    case 'from-module':
      return `Import from '${replacement.newModule}' instead`;
    case 'name':
      return replacement.newModule === '' ? `Import '${replacement.newName}' instead` : `Import '${replacement.newName}' from '${replacement.newModule}' instead`;
    case 'string':
      return `Replace with '${replacement.newValue}'`;
  }
}

/** `  # ssot: ignore[CODE]` at the end of the statement's first line (not after a backslash). */
function ignoreEdit(text: string, anchor: number, code: string): TextEdit | undefined {
  const end = lineEnd(text, anchor);
  if (text.slice(0, end).trimEnd().endsWith('\\')) return undefined;
  return { start: end, end, newText: `  # ssot: ignore[${code}]` };
}

function versioned(document: TextDocument, edits: readonly TextEdit[]): WorkspaceEdit {
  return {
    documentChanges: [
      {
        textDocument: { uri: document.uri, version: document.version },
        edits: edits.map((e) => ({ range: { start: document.positionAt(e.start), end: document.positionAt(e.end) }, newText: e.newText })),
      },
    ],
  };
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character <= q.character);
  return before(a.start, b.end) && before(b.start, a.end);
}
