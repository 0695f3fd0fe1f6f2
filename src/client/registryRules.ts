/**
 * "SSOT Imports: Show Registry Rules": the effective rules of every folder (TOML and markdown
 * merged) in a quick pick; picking one opens the registry file at the rule.
 */
import * as vscode from 'vscode';
import { RulesRequest, type RegistryOfRoot, type RuleOriginLocation } from '../protocol/rules';
import type { ServerManager } from './serverManager';

interface RuleItem extends vscode.QuickPickItem {
  origin?: RuleOriginLocation;
}

/** The items the quick pick shows: one separator per folder, then its rules and canonical imports. */
export function ruleItems(registries: readonly RegistryOfRoot[]): RuleItem[] {
  const items: RuleItem[] = [];
  for (const registry of registries) {
    if (registries.length > 1) items.push({ label: registry.root, kind: vscode.QuickPickItemKind.Separator });
    if (registry.problems > 0) items.push({ label: `$(error) the registry has ${registry.problems} problem(s): nothing is checked until they are fixed` });
    else if (!registry.registryFile) items.push({ label: '$(info) no registry: create ssot-imports.toml or add [[tool.ssot-imports.rule]] to pyproject.toml' });
    for (const rule of registry.rules) {
      items.push({
        label: `${rule.from} → ${rule.to ?? '(no replacement)'}`,
        description: `${rule.kind} · ${rule.severity}${rule.message ? ` · ${rule.message}` : ''}`,
        detail: where(rule.origin),
        origin: rule.origin,
      });
    }
    for (const c of registry.canonical) {
      items.push({ label: `$(pass) ${c.name === null ? c.module : `${c.module}:${c.name}`}`, description: 'canonical', detail: where(c.origin), origin: c.origin });
    }
  }
  return items;
}

export async function showRegistryRules(manager: ServerManager): Promise<void> {
  const client = manager.client;
  if (!client?.isRunning()) {
    void vscode.window.showErrorMessage('SSOT Imports: the language server is not running; restart it and try again.');
    return;
  }
  const registries = await client.sendRequest(RulesRequest);
  const picked = await vscode.window.showQuickPick(ruleItems(registries), { title: 'SSOT registry rules', matchOnDescription: true, matchOnDetail: true, placeHolder: 'Pick a rule to open where it is written' });
  if (!picked?.origin) return;
  const line = Math.max(0, picked.origin.line - 1);
  await vscode.window.showTextDocument(vscode.Uri.parse(picked.origin.uri), { selection: new vscode.Range(line, 0, line, 0) });
}

function where(origin: RuleOriginLocation): string {
  return `${vscode.workspace.asRelativePath(vscode.Uri.parse(origin.uri))}:${origin.line}`;
}
