import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerCollectionView, type CollectionViewApi } from './collection';
import { registerCommands } from './commands';
import { OUTPUT_CHANNEL_NAME, SERVER_MODULE } from './config';
import { ServerManager } from './serverManager';
import { StatusBar } from './statusBar';
import { ServerStatus } from './statusText';

/** What `activate` returns: used by the in-editor integration tests. */
export interface SsotImportsApi {
  /** The current language client (a new one after each restart), if any. */
  languageClient(): LanguageClient | undefined;
  /** The status bar item's text, e.g. `$(warning) 12 SSOT` (see statusText.ts). */
  statusBarText(): string;
  serverStatus(): ServerStatus;
  /** Settles when the first start of the language server has succeeded or failed. */
  ready(): Promise<void>;
  /** The "Test Collection" view: its tree provider, the result it shows, and a refresh. */
  collectionView(): CollectionViewApi;
}

let manager: ServerManager | undefined;

export function activate(context: vscode.ExtensionContext): SsotImportsApi {
  const output = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  const serverManager = new ServerManager(context.asAbsolutePath(SERVER_MODULE), output);
  const statusBar = new StatusBar();
  manager = serverManager;
  const collection = registerCollectionView(serverManager, output);

  context.subscriptions.push(
    output,
    statusBar,
    serverManager.onDidChangeStatus((status) => statusBar.setServerStatus(status)),
    ...registerCommands(serverManager, output),
    ...collection.disposables,
    // the manager is stopped by deactivate(), which VS Code awaits; this is the fallback
    { dispose: () => void serverManager.dispose() },
  );

  const version = (context.extension.packageJSON as { version?: string }).version ?? '?';
  output.info(`SSOT Imports ${version} activated (VS Code ${vscode.version}, ${context.extensionMode === vscode.ExtensionMode.Production ? 'production' : 'development'} mode).`);
  // Not awaited: activation is not held up by the server; ready() tells when it is up.
  void serverManager.start();

  return {
    languageClient: () => serverManager.client,
    statusBarText: () => statusBar.text,
    serverStatus: () => serverManager.serverStatus,
    ready: () => serverManager.ready(),
    collectionView: () => collection.api,
  };
}

export async function deactivate(): Promise<void> {
  const m = manager;
  manager = undefined;
  await m?.dispose();
}
