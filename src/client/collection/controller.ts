/**
 * Runs collections for the "Test Collection" view: when a Python test file becomes active and
 * after it is saved (debounced; `ssotImports.collection.enable`), on Refresh, and for "Collect
 * Folder". A new run cancels the one in flight. Never sends the request (which runs pytest, so
 * user code) in an untrusted workspace.
 */
import * as vscode from 'vscode';
import { CollectRequest, type CollectParams } from '../../protocol/collect';
import type { CollectResult } from '../../engine/collect/types';
import type { ServerManager } from '../serverManager';
import { interpreterFor } from './interpreter';
import { describeResult, isTestFileName } from './items';
import { CollectionProvider } from './provider';

export const VIEW_ID = 'ssotImports.collection';
const PYTEST_MISSING_KEY = 'ssotImports.collection.pytestMissing';
const NOT_TEST_FILE_KEY = 'ssotImports.collection.notTestFile';
const DEBOUNCE_MS = 300;

interface Target {
  uris: vscode.Uri[];
  folder: boolean;
}

export class CollectionController implements vscode.Disposable {
  readonly provider = new CollectionProvider();
  private readonly view: vscode.TreeView<unknown>;
  private readonly disposables: vscode.Disposable[] = [];
  private inFlight: vscode.CancellationTokenSource | undefined;
  private current: Promise<void> = Promise.resolve();
  private debounce: NodeJS.Timeout | undefined;
  private target: Target | undefined;
  private result: CollectResult | undefined;

  constructor(
    private readonly manager: ServerManager,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this.provider, showCollapseAll: true });
    this.disposables.push(
      this.view,
      this.provider,
      vscode.window.onDidChangeActiveTextEditor(() => this.onActiveEditor()),
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (this.enabled() && document === vscode.window.activeTextEditor?.document && isTestDocument(document)) this.schedule({ uris: [document.uri], folder: false });
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.onActiveEditor()),
    );
    this.onActiveEditor();
  }

  get description(): string | undefined {
    return this.view.description;
  }

  lastResult(): CollectResult | undefined {
    return this.result;
  }

  /** Collects the last target again (or the active test file). */
  refresh(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const target = this.target ?? (editor && isTestDocument(editor.document) ? { uris: [editor.document.uri], folder: false } : undefined);
    if (!target) return Promise.resolve();
    return this.run(target);
  }

  /** "Collect Folder": the folder clicked in the Explorer, else one the user picks. */
  async collectFolder(folder?: vscode.Uri): Promise<void> {
    if (!folder) {
      const picked = await vscode.window.showOpenDialog({
        canSelectFolders: true,
        canSelectFiles: false,
        canSelectMany: false,
        defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
        openLabel: 'Collect',
      });
      folder = picked?.[0];
      if (!folder) return;
    }
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    await this.run({ uris: [folder], folder: true });
  }

  private enabled(): boolean {
    return vscode.workspace.getConfiguration('ssotImports').get<boolean>('collection.enable', true);
  }

  private onActiveEditor(): void {
    const document = vscode.window.activeTextEditor?.document;
    const python = document?.languageId === 'python';
    void vscode.commands.executeCommand('setContext', NOT_TEST_FILE_KEY, python && !isTestDocument(document));
    if (!document || !isTestDocument(document)) {
      // a folder's result stays; a file's result goes with its editor (the welcome text shows)
      if (python && !this.target?.folder) this.show(undefined, undefined);
      return;
    }
    if (this.enabled()) this.schedule({ uris: [document.uri], folder: false });
  }

  private schedule(target: Target): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.run(target), DEBOUNCE_MS);
  }

  private show(target: Target | undefined, result: CollectResult | undefined): void {
    this.target = target;
    this.result = result;
    const folder = target?.folder ?? false;
    this.provider.setResult(result, folder);
    this.view.description = result ? describeResult(result, folder) : undefined;
    this.view.message = undefined;
    void vscode.commands.executeCommand('setContext', PYTEST_MISSING_KEY, result?.status === 'could-not-run' && result.reason === 'pytest-missing');
  }

  /** Runs one collection (cancelling the one in flight); settles when it is shown or superseded. */
  run(target: Target): Promise<void> {
    clearTimeout(this.debounce);
    this.inFlight?.cancel();
    this.inFlight?.dispose();
    if (!vscode.workspace.isTrusted) {
      // pytest imports the project's code: never in an untrusted workspace (the welcome text says why)
      this.inFlight = undefined;
      this.show(undefined, undefined);
      return Promise.resolve();
    }
    const cts = new vscode.CancellationTokenSource();
    this.inFlight = cts;
    const run = Promise.resolve(vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => this.request(target, cts.token))).then(
      (result) => {
        if (cts.token.isCancellationRequested || !result) return;
        this.show(target, result);
      },
      (error: unknown) => {
        if (cts.token.isCancellationRequested) return;
        this.output.error(`Test collection failed: ${error instanceof Error ? error.message : String(error)}`);
        this.view.message = `Test collection failed: ${error instanceof Error ? error.message : String(error)}`;
      },
    );
    this.current = run;
    return run;
  }

  private async request(target: Target, token: vscode.CancellationToken): Promise<CollectResult | undefined> {
    await this.manager.ready();
    const client = this.manager.client;
    if (!client?.isRunning()) throw new Error('the language server is not running; restart it and try again');
    const config = vscode.workspace.getConfiguration('ssotImports');
    const python = await interpreterFor(target.uris[0], (message) => this.output.warn(message));
    const params: CollectParams = {
      uris: target.uris.map((uri) => uri.toString()),
      python: python.command,
      timeoutSeconds: config.get<number>('collection.timeout', 60),
    };
    const from = python.source === 'setting' ? ' (ssotImports.python.interpreter)' : python.source === 'python-extension' ? " (the Python extension's active environment)" : '';
    this.output.info(`Collecting ${target.uris.map((u) => vscode.workspace.asRelativePath(u)).join(', ')} with ${params.python}${from}`);
    try {
      return await client.sendRequest(CollectRequest, params, token);
    } catch (error) {
      if (token.isCancellationRequested) return undefined;
      throw error;
    }
  }

  /** Settles when the run in flight (if any) has been shown. */
  idle(): Promise<void> {
    return this.current;
  }

  dispose(): void {
    clearTimeout(this.debounce);
    this.inFlight?.cancel();
    this.inFlight?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function isTestDocument(document: vscode.TextDocument | undefined): boolean {
  return document?.languageId === 'python' && document.uri.scheme === 'file' && isTestFileName(document.uri.fsPath);
}
