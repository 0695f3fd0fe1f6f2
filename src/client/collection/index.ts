/** The "Test Collection" view (issue 5): registers the view, its commands and its test API. */
import * as vscode from 'vscode';
import type { CollectResult } from '../../engine/collect/types';
import type { ServerManager } from '../serverManager';
import { CollectionController } from './controller';
import type { CollectionProvider } from './provider';

export const CollectionCommands = {
  refresh: 'ssotImports.collection.refresh',
  collectFolder: 'ssotImports.collection.collectFolder',
} as const;

/** What the integration tests see of the view. */
export interface CollectionViewApi {
  provider: CollectionProvider;
  /** The result the view shows (undefined: none, e.g. before the first run). */
  lastResult(): CollectResult | undefined;
  /** Collects the view's target again (the active test file, or the last folder) and waits for it. */
  refresh(): Promise<void>;
  /** The view's description, e.g. `6 tests · 0 errors · 0.41 s`. */
  description(): string | undefined;
}

export function registerCollectionView(manager: ServerManager, output: vscode.LogOutputChannel): { api: CollectionViewApi; disposables: vscode.Disposable[] } {
  const controller = new CollectionController(manager, output);
  return {
    api: { provider: controller.provider, lastResult: () => controller.lastResult(), refresh: () => controller.refresh(), description: () => controller.description },
    disposables: [
      controller,
      vscode.commands.registerCommand(CollectionCommands.refresh, () => controller.refresh()),
      vscode.commands.registerCommand(CollectionCommands.collectFolder, (folder?: vscode.Uri) => controller.collectFolder(folder instanceof vscode.Uri ? folder : undefined)),
    ],
  };
}
