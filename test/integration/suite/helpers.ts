/** What the in-editor tests share: the extension's API, waiting, opening files, screenshots. */
import { get } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import * as vscode from 'vscode';
import type { SsotImportsApi } from '../../../src/client/extension';

export const EXTENSION_ID = 'ssot-imports.ssot-imports';

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('VS Code was started without the demo workspace folder');
  return folder.uri;
}

export const fileUri = (relativePath: string): vscode.Uri => vscode.Uri.joinPath(workspaceRoot(), ...relativePath.split('/'));

/** The activated extension's test API (waits for activation and the first server start). */
export async function extensionApi(): Promise<SsotImportsApi> {
  const extension = vscode.extensions.getExtension<SsotImportsApi>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  const api = extension.isActive ? extension.exports : await extension.activate();
  await api.ready();
  return api;
}

/** Polls `probe` until it returns something truthy; the error names what was awaited and the last value. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined | false;
  for (;;) {
    last = probe();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
    await sleep(50);
  }
}

/** Our diagnostics for a file, as VS Code holds them. */
export const ssotDiagnostics = (uri: vscode.Uri): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'ssot-imports');

const SEVERITY = ['error', 'warning', 'information', 'hint'] as const;

/** `line:col-line:col severity code` (0-based, as in the vscode API) for compact comparisons. */
export function describeDiagnostic(d: vscode.Diagnostic): string {
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  return `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${SEVERITY[d.severity]} ${String(code)}`;
}

const byPosition = (a: vscode.Diagnostic, b: vscode.Diagnostic) => a.range.start.compareTo(b.range.start) || a.range.end.compareTo(b.range.end);

/**
 * Waits until the file's diagnostics, described, equal `expected` (in source order); returns
 * them in source order.
 */
export async function expectDiagnostics(uri: vscode.Uri, expected: string[], timeoutMs?: number): Promise<vscode.Diagnostic[]> {
  const want = JSON.stringify(expected);
  let seen: string[] = [];
  try {
    return await waitFor(
      `diagnostics of ${vscode.workspace.asRelativePath(uri)}`,
      () => {
        const diagnostics = ssotDiagnostics(uri).sort(byPosition);
        seen = diagnostics.map(describeDiagnostic);
        return JSON.stringify(seen) === want && diagnostics;
      },
      timeoutMs,
    );
  } catch {
    throw new Error(`diagnostics of ${vscode.workspace.asRelativePath(uri)}:\n  expected ${want}\n  actual   ${JSON.stringify(seen)}`);
  }
}

export async function expectStatus(api: SsotImportsApi, text: string): Promise<void> {
  await waitFor(`status bar text "${text}"`, () => api.statusBarText() === text).catch(() => {
    throw new Error(`status bar: expected "${text}", actual "${api.statusBarText()}"`);
  });
}

/**
 * Opens a file in an editor as a user does (the `vscode.open` command, like a click in the
 * Explorer). Not with workspace.openTextDocument: the extension host keeps documents it opened
 * alive for minutes after their editor closes, so closing the editor would not close the file.
 */
export async function openFile(relativePath: string): Promise<vscode.TextEditor> {
  const uri = fileUri(relativePath);
  await vscode.commands.executeCommand('vscode.open', uri, { preview: false });
  return waitFor(`an editor on ${relativePath}`, () => {
    const editor = vscode.window.activeTextEditor;
    return editor?.document.uri.toString() === uri.toString() && editor;
  });
}

/** Reverts unsaved edits (so no save prompt appears) and closes every editor. */
export async function closeAllEditors(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Replaces the whole text of a document (as one undoable edit) and saves it when asked. */
export async function setText(document: vscode.TextDocument, text: string, save: boolean): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), text);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not edit ${document.uri.toString()}`);
  if (save && !(await document.save())) throw new Error(`could not save ${document.uri.toString()}`);
}

/**
 * Asks the harness for a picture of the workbench (web host: saved as <name>.png in
 * SSOT_SCREENSHOT_DIR). The desktop host has no such endpoint: then it does nothing.
 */
export async function screenshot(name: string): Promise<void> {
  const base = process.env.SSOT_SCREENSHOT_URL;
  if (!base) return;
  await sleep(400); // let the workbench paint
  await new Promise<void>((resolve, reject) => {
    get(`${base}?name=${encodeURIComponent(name)}`, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`screenshot ${name}: HTTP ${res.statusCode}`))));
    }).on('error', reject);
  });
}
