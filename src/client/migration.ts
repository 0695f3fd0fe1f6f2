/**
 * "SSOT Imports: Migrate Workspace": the server plans every fix in the workspace (with progress
 * and cancellation), VS Code shows the plan in its refactor preview grouped by rule, and applies
 * it in one step when the user accepts.
 */
import * as vscode from 'vscode';
import { WorkDoneProgress, type TextDocumentEdit } from 'vscode-languageclient/node';
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
  // The converted edit has no versions any more: check the open documents ourselves.
  const planned = (plan.edit.documentChanges ?? []).filter((c): c is TextDocumentEdit => 'textDocument' in c);
  const openNow = (uri: string) => vscode.workspace.textDocuments.find((d) => d.uri.toString() === vscode.Uri.parse(uri).toString());
  if (planned.some((c) => c.textDocument.version !== null && openNow(c.textDocument.uri)?.version !== c.textDocument.version)) {
    void vscode.window.showWarningMessage('SSOT Imports: files changed while the migration was planned, so it was not applied. Run it again.');
    return plan;
  }
  const versionsBefore = new Map(planned.map((c) => [c.textDocument.uri, openNow(c.textDocument.uri)?.version]));
  const edit = await client.protocol2CodeConverter.asWorkspaceEdit(plan.edit);
  const changed = () =>
    planned.filter((c) => {
      const document = openNow(c.textDocument.uri);
      const before = versionsBefore.get(c.textDocument.uri);
      return document !== undefined && (before === undefined ? document.isDirty : document.version !== before);
    }).length;
  // every change needs confirmation: VS Code shows the refactor preview, where the user may accept only some
  const files = (await vscode.workspace.applyEdit(edit)) ? changed() : 0;
  if (files === 0) {
    void vscode.window.showInformationMessage('SSOT Imports: nothing was migrated (no change was confirmed in the preview).');
    return plan;
  }
  const summary = files === plan.filesChanged ? `migrated ${plan.fixes} deprecated imports in ${files} files.${left}` : `migrated the confirmed changes in ${files} of ${plan.filesChanged} files.`;
  const saveAll = 'Save All';
  void vscode.window.showInformationMessage(`SSOT Imports: ${summary}`, saveAll).then((choice) => choice === saveAll && vscode.workspace.saveAll(false));
  return plan;
}
