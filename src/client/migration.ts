/**
 * "SSOT Imports: Migrate Workspace": the server plans every fix in the workspace (with progress
 * and cancellation), VS Code shows the plan in its refactor preview grouped by rule, and applies
 * it in one step when the user accepts.
 */
import * as vscode from 'vscode';
import { WorkDoneProgress } from 'vscode-languageclient/node';
import { PlanMigrationRequest, type PlanMigrationResult } from '../protocol/migration';
import type { ServerManager } from './serverManager';

export async function migrateWorkspace(manager: ServerManager): Promise<PlanMigrationResult | undefined> {
  const client = manager.client;
  if (!client?.isRunning()) {
    void vscode.window.showErrorMessage('SSOT Imports: the language server is not running; restart it and try again.');
    return undefined;
  }
  const plan = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'SSOT Imports', cancellable: true },
    async (progress, token) => {
      const workDoneToken = `ssot-imports-migration-${Date.now()}`;
      let reported = 0;
      const listener = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind === 'end') return;
        const percentage = value.percentage ?? reported;
        progress.report({ message: value.message, increment: percentage - reported });
        reported = percentage;
      });
      try {
        return await client.sendRequest(PlanMigrationRequest, { workDoneToken }, token);
      } catch (e) {
        if (token.isCancellationRequested) return undefined;
        throw e;
      } finally {
        listener.dispose();
      }
    },
  );
  if (!plan) return undefined;

  const left = plan.unfixable > 0 ? ` ${plan.unfixable} deprecated import${plan.unfixable === 1 ? ' has' : 's have'} no replacement and stay${plan.unfixable === 1 ? 's' : ''}.` : '';
  if (plan.fixes === 0) {
    void vscode.window.showInformationMessage(`SSOT Imports: nothing to migrate in ${plan.filesChecked} files.${left}`);
    return plan;
  }
  const edit = await client.protocol2CodeConverter.asWorkspaceEdit(plan.edit);
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showInformationMessage('SSOT Imports: the migration was not applied.');
    return plan;
  }
  const saveAll = 'Save All';
  void vscode.window
    .showInformationMessage(`SSOT Imports: migrated ${plan.fixes} deprecated imports in ${plan.filesChanged} files.${left}`, saveAll)
    .then((choice) => choice === saveAll && vscode.workspace.saveAll(false));
  return plan;
}
