/**
 * Quick fixes are computed by the server for one version of a document, but VS Code applies a
 * code action's edit to whatever the document has become (vscode-languageclient drops the
 * version of the LSP edit). So every edit the server sends in a code action is turned into a
 * command that applies it only to the version it was computed for, and refuses otherwise. The
 * lightbulb, "Auto Fix" and codeActionsOnSave all run it.
 */
import * as vscode from 'vscode';

export const APPLY_FIX_COMMAND = 'ssotImports.applyFix';

/** Replaces each action's edit by the guarded command, pinned to `version` of `document`. */
export function pinToVersion(actions: (vscode.Command | vscode.CodeAction)[], document: vscode.TextDocument, version: number): (vscode.Command | vscode.CodeAction)[] {
  for (const action of actions) {
    if (!(action instanceof vscode.CodeAction) || !action.edit || action.command) continue;
    action.command = { title: action.title, command: APPLY_FIX_COMMAND, arguments: [document.uri.toString(), version, action.edit] };
    action.edit = undefined;
  }
  return actions;
}

export function registerApplyFix(): vscode.Disposable {
  return vscode.commands.registerCommand(APPLY_FIX_COMMAND, async (uri: string, version: number, edit: vscode.WorkspaceEdit): Promise<boolean> => {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    if (document?.version !== version) {
      void vscode.window.showWarningMessage('SSOT Imports: the file changed after this fix was computed, so it was not applied. Ask for the fix again.');
      return false;
    }
    return vscode.workspace.applyEdit(edit);
  });
}
