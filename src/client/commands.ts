import * as vscode from 'vscode';
import { Commands } from './config';
import { migrateWorkspace } from './migration';
import { showRegistryRules } from './registryRules';
import { registerApplyFix } from './versionedFixes';
import { ServerManager } from './serverManager';

/** The command palette commands (contributed in package.json under the "SSOT Imports" category). */
export function registerCommands(manager: ServerManager, output: vscode.LogOutputChannel): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(Commands.restartServer, () => manager.restart()),
    vscode.commands.registerCommand(Commands.showOutput, () => output.show()),
    vscode.commands.registerCommand(Commands.migrateWorkspace, () => migrateWorkspace(manager)),
    vscode.commands.registerCommand(Commands.showRules, () => showRegistryRules(manager)),
    registerApplyFix(),
  ];
}
