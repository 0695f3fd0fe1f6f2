import * as vscode from 'vscode';
import { Commands, CONFIG_SECTION, Settings } from './config';
import { DiagnosticCounter } from './diagnosticCounter';
import { ServerStatus, StatusAction, statusView } from './statusText';

const ACTION_COMMANDS: Record<StatusAction, vscode.Command> = {
  openProblems: { title: 'Open Problems', command: Commands.openProblems },
  restartServer: { title: 'Restart SSOT Imports Language Server', command: Commands.restartServer },
  showOutput: { title: 'Show SSOT Imports Output', command: Commands.showOutput },
};

/** True when `ssotImports.enable` is on for at least one workspace folder (or the window). */
function enabledAnywhere(): boolean {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    return vscode.workspace.getConfiguration(CONFIG_SECTION).get<boolean>(Settings.enable, true);
  }
  return folders.some((f) => vscode.workspace.getConfiguration(CONFIG_SECTION, f.uri).get<boolean>(Settings.enable, true));
}

/**
 * The status bar item: the number of SSOT findings over all files, or the server's state when it
 * is not running. Click: Problems view (or restart, when the server is down).
 */
export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly counter: DiagnosticCounter;
  private readonly disposables: vscode.Disposable[] = [];
  private server: ServerStatus = 'starting';
  private enabled = enabledAnywhere();

  constructor() {
    this.item = vscode.window.createStatusBarItem('ssotImports.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'SSOT Imports';
    this.counter = new DiagnosticCounter();
    this.disposables.push(
      this.item,
      this.counter,
      this.counter.onDidChange(() => this.render()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${CONFIG_SECTION}.${Settings.enable}`)) this.refreshEnabled();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.refreshEnabled()),
    );
    this.render();
    this.item.show();
  }

  setServerStatus(status: ServerStatus): void {
    if (status === this.server) return;
    this.server = status;
    this.render();
  }

  /** The text currently shown (for the test API). */
  get text(): string {
    return this.item.text;
  }

  private refreshEnabled(): void {
    const enabled = enabledAnywhere();
    if (enabled === this.enabled) return;
    this.enabled = enabled;
    this.render();
  }

  private render(): void {
    const view = statusView(this.server, this.counter.counts, this.enabled);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.command = ACTION_COMMANDS[view.action];
    this.item.accessibilityInformation = { label: view.tooltip };
    this.item.backgroundColor =
      view.background === undefined ? undefined : new vscode.ThemeColor(`statusBarItem.${view.background}Background`);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}
