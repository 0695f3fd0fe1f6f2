/** The TreeDataProvider of the "Test Collection" view. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CollectResult } from '../../engine/collect/types';
import { errorLabel } from '../../engine/collect/summary';
import { childItems, rootItems, type CollectionItem } from './items';

/** A `vscode.open` command that shows `file` with the cursor at the 1-based `line`. */
export function openAt(file: string, line: number | null | undefined, endLine?: number): vscode.Command {
  const start = Math.max(0, (line ?? 1) - 1);
  const selection = new vscode.Range(start, 0, Math.max(start, (endLine ?? line ?? 1) - 1), 0);
  return { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.file(file), { selection: line ? selection : undefined, preview: true } satisfies vscode.TextDocumentShowOptions] };
}

export class CollectionProvider implements vscode.TreeDataProvider<CollectionItem> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private result: CollectResult | undefined;
  private folder = false;

  /** Shows `result` (undefined: an empty view, so its welcome text shows). */
  setResult(result: CollectResult | undefined, folder: boolean): void {
    this.result = result;
    this.folder = folder;
    this.changed.fire();
  }

  getChildren(item?: CollectionItem): CollectionItem[] {
    return item ? childItems(item) : rootItems(this.result, this.folder);
  }

  getTreeItem(item: CollectionItem): vscode.TreeItem {
    const collapsible = (expanded: boolean) =>
      childItems(item).length === 0 ? vscode.TreeItemCollapsibleState.None : expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    switch (item.kind) {
      case 'file': {
        const relative = vscode.workspace.asRelativePath(item.file.file);
        const t = new vscode.TreeItem(path.basename(item.file.file), collapsible(item.expanded));
        const errors = item.file.errors.length;
        const count = errors > 0 ? `${errors} error${errors === 1 ? '' : 's'}` : `${item.file.tests} test${item.file.tests === 1 ? '' : 's'}`;
        const dir = path.posix.dirname(relative);
        t.description = dir === '.' ? count : `${count} · ${dir}`;
        t.iconPath = new vscode.ThemeIcon(errors > 0 ? 'error' : item.file.tests === 0 ? 'warning' : 'file-code');
        t.resourceUri = vscode.Uri.file(item.file.file);
        t.tooltip = relative;
        t.command = openAt(item.file.file, 1);
        t.contextValue = 'file';
        return t;
      }
      case 'test': {
        const node = item.node;
        const label = node.kind === 'param' ? `[${node.label ?? node.param ?? node.name}]` : node.name;
        const t = new vscode.TreeItem(label, collapsible(node.kind === 'class'));
        t.description = node.line !== null ? `line ${node.line}` : undefined;
        const marker = node.markers?.[0];
        t.iconPath = new vscode.ThemeIcon(node.kind === 'class' ? 'symbol-class' : node.kind === 'param' ? 'symbol-parameter' : marker ? 'debug-step-over' : 'beaker');
        t.tooltip = marker ? `${node.nodeid}\n${marker.name}${marker.reason ? `: ${marker.reason}` : ''}` : node.nodeid;
        t.command = openAt(node.file, node.line);
        t.contextValue = node.kind;
        return t;
      }
      case 'error': {
        const error = item.error;
        const t = new vscode.TreeItem(errorLabel(error), collapsible(true));
        t.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
        t.tooltip = error.text ?? `${error.type}: ${error.message}`;
        const file = error.file;
        if (file && error.importLine) {
          t.description = `line ${error.importLine.line}`;
          t.command = openAt(file, error.importLine.line, error.importLine.endLine);
        } else if (error.location) {
          t.description = error.location.line ? `line ${error.location.line}` : undefined;
          t.command = openAt(error.location.file, error.location.line);
        } else if (file) t.command = openAt(file, error.frames.find((f) => f.file === file)?.line);
        t.contextValue = 'error';
        return t;
      }
      case 'frame': {
        const { frame } = item;
        const t = new vscode.TreeItem(`${path.basename(frame.file)}:${frame.line}`, vscode.TreeItemCollapsibleState.None);
        t.description = `in ${frame.function}`;
        t.tooltip = `${frame.file}:${frame.line}`;
        t.iconPath = new vscode.ThemeIcon('debug-stackframe');
        t.command = openAt(frame.file, frame.line);
        t.contextValue = 'frame';
        return t;
      }
      case 'message': {
        const t = new vscode.TreeItem(item.text, collapsible(true));
        t.iconPath = new vscode.ThemeIcon(item.icon);
        t.tooltip = item.tooltip;
        t.contextValue = 'message';
        return t;
      }
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
