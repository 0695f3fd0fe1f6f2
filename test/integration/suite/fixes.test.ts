import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as vscode from 'vscode';
import type { PlanMigrationResult } from '../../../src/protocol/migration';
import {
  closeAllEditors,
  describeDiagnostic,
  EXTENSION_ID,
  expectDiagnostics,
  expectStatus,
  extensionApi,
  fileUri,
  openFile,
  screenshot,
  waitFor,
  workspaceRoot,
} from './helpers';

const WEBSOCKET_TEST = 'tests/unit/test_websocket_manager.py';
const REGISTRY_TEST = 'tests/unit/test_agent_registry.py';
const HEALTH = 'app/services/health.py';
const WEBSOCKET_WARNINGS = ['3:56-3:71 warning SSOT001', '3:73-3:89 warning SSOT001'];
const REGISTRY_WARNINGS = ['2:7-2:41 warning SSOT001', '3:23-3:31 warning SSOT001', '4:34-4:44 warning SSOT001', '5:5-5:24 warning SSOT001', '45:9-45:43 warning SSOT001'];
/** The refactor preview's documents (the proposed text of each file) use this scheme. */
const PREVIEW_SCHEME = 'vscode-bulkeditpreview-editor';

/** The quick fixes VS Code gets for a range, as the lightbulb asks for them. */
function quickFixes(uri: vscode.Uri, range: vscode.Range): Thenable<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
}

/** Applies a code action as VS Code does: our fixes are commands pinned to a document version. */
async function apply(action: vscode.CodeAction): Promise<boolean> {
  assert.equal(action.edit, undefined, 'the edit travels in the guarded command');
  assert.equal(action.command?.command, 'ssotImports.applyFix');
  return (await vscode.commands.executeCommand<boolean>(action.command.command, ...(action.command.arguments ?? []))) === true;
}

/** `editor.*` settings for Python files (the `[python]` block of the workspace settings). */
const pythonEditorSettings = () => vscode.workspace.getConfiguration('editor', { languageId: 'python' });

/** Every Python file of the workspace on disk, by workspace-relative POSIX path. */
function readPythonFiles(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== '__pycache__') walk(path);
      else if (entry.isFile() && entry.name.endsWith('.py')) files.set(relative(root, path).split(sep).join('/'), readFileSync(path, 'utf8'));
    }
  };
  walk(root);
  return files;
}

/** What `ssot-imports fix` makes of the workspace: the new text of each file it changes. */
function fixedByCli(): Map<string, string> {
  const copy = join(mkdtempSync(join(tmpdir(), 'ssot-fix-')), 'workspace');
  try {
    cpSync(workspaceRoot().fsPath, copy, { recursive: true });
    const before = readPythonFiles(copy);
    const cli = join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'cli.js');
    const run = spawnSync(process.execPath, [cli, 'fix', copy], { encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    assert.equal(run.status, 1, `the CLI fixes all but the imports without replacement: ${run.stdout}${run.stderr}`);
    return new Map([...readPythonFiles(copy)].filter(([file, text]) => before.get(file) !== text));
  } finally {
    rmSync(join(copy, '..'), { recursive: true, force: true });
  }
}

/** Every SSOT diagnostic VS Code holds, described, as `<file> <line:col-line:col severity code>`. */
const allSsotDiagnostics = (): string[] =>
  vscode.languages
    .getDiagnostics()
    .flatMap(([uri, diagnostics]) => diagnostics.filter((d) => d.source === 'ssot-imports').map((d) => `${vscode.workspace.asRelativePath(uri)} ${describeDiagnostic(d)}`))
    .sort();

describe('fixes', function () {
  let onDisk: Map<string, string>;

  before(function () {
    onDisk = readPythonFiles(workspaceRoot().fsPath);
  });

  afterEach(async function () {
    await vscode.commands.executeCommand('hideCodeActionWidget');
    await vscode.commands.executeCommand('refactorPreview.discard'); // a migration a failed test left open
    await pythonEditorSettings().update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace, true);
    await closeAllEditors();
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('notifications.clearAll');
    // the other suites expect the demo as it was: put back whatever a failed test left saved
    for (const [file, text] of readPythonFiles(workspaceRoot().fsPath)) {
      if (onDisk.get(file) !== text) writeFileSync(fileUri(file).fsPath, onDisk.get(file)!);
    }
    // and no file of ours is left open (each open file's findings are counted)
    await expectStatus(await extensionApi(), '$(check) SSOT');
  });

  it('the lightbulb offers the fix first; applying it rewrites the import and the diagnostic goes', async function () {
    const api = await extensionApi();
    const editor = await openFile(WEBSOCKET_TEST);
    const uri = editor.document.uri;
    const [heartbeat] = await expectDiagnostics(uri, WEBSOCKET_WARNINGS);

    const actions = await quickFixes(uri, heartbeat!.range);
    assert.deepEqual(
      actions.map((a) => a.title),
      ["Import 'HeartbeatConfig' from 'test_framework.ssot.orchestration_enums' instead", 'Ignore SSOT001 for this line'],
    );
    const [fix] = actions;
    assert.equal(fix!.isPreferred, true, 'the fix is the preferred action');
    assert.equal(fix!.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.ok(!actions.slice(1).some((a) => a.isPreferred), 'only the fix is preferred');

    assert.ok(await apply(fix!));
    assert.deepEqual(editor.document.getText().split('\n').slice(0, 7), [
      'import pytest',
      '',
      'import app.websocket_core.manager as legacy_ws',
      'from app.websocket_core.manager import ConnectionState, WebSocketManager',
      'from test_framework.ssot.orchestration_enums import HeartbeatConfig',
      'from test_framework.ssot.orchestration_enums import HeartbeatConfig as CanonicalHeartbeat',
      '',
    ]);
    // the HeartbeatConfig warning is gone; the other one followed its name
    await expectDiagnostics(uri, ['3:56-3:72 warning SSOT001']);
    await expectStatus(api, '$(warning) 1 SSOT');
  });

  it('"Fix all \'<rule>\' imports in this file" rewrites every import of that rule and nothing else', async function () {
    const editor = await openFile(REGISTRY_TEST);
    const uri = editor.document.uri;
    const diagnostics = await expectDiagnostics(uri, REGISTRY_WARNINGS);
    const moduleImport = diagnostics[3]!;
    assert.equal(editor.document.getText(moduleImport.range), 'app.agents.registry');

    const actions = await quickFixes(uri, moduleImport.range);
    assert.deepEqual(
      actions.map((a) => a.title),
      ["Import from 'app.agents.supervisor.registry' instead", "Fix all 'app.agents.registry.*' imports in this file", 'Ignore SSOT001 for this line'],
    );
    assert.ok(await apply(actions[1]!));
    const lines = editor.document.getText().split('\n');
    assert.deepEqual(lines.slice(0, 7), [
      'import pytest',
      '',
      'import app.agents.supervisor.registry.agent_registry as legacy_registry_module',
      'from app.agents.supervisor import registry',
      'from app.agents.base_agent import AgentState, BaseAgent',
      'from app.agents.supervisor.registry import AgentRegistry, register_agent',
      'from app.agents.supervisor.registry import AgentRegistry as CanonicalRegistry',
    ]);
    assert.equal(lines[45], '    from app.agents.supervisor.registry.agent_registry import default_registry');
    // AgentState has its own rule: it stays flagged
    await expectDiagnostics(uri, ['4:34-4:44 warning SSOT001']);
  });

  it('an action applied after the document changed is refused', async function () {
    // The server computes a fix for one version of the document; VS Code would apply its edit to
    // any version, so the client pins each action to its version (src/client/versionedFixes.ts).
    const editor = await openFile(WEBSOCKET_TEST);
    const uri = editor.document.uri;
    const [heartbeat] = await expectDiagnostics(uri, WEBSOCKET_WARNINGS);
    const [fix] = await quickFixes(uri, heartbeat!.range);
    const version = editor.document.version;

    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# a line on top\n')));
    assert.ok(editor.document.version > version);
    const edited = ['4:56-4:71 warning SSOT001', '4:73-4:89 warning SSOT001'];
    const [current] = await expectDiagnostics(uri, edited);
    const before = editor.document.getText();

    assert.equal(await apply(fix!), false, 'the stale fix is refused');
    assert.equal(editor.document.getText(), before, 'and nothing changed');
    await expectDiagnostics(uri, edited);

    // asked again, the server computes the fix for the text as it is now
    const [fresh] = await quickFixes(uri, current!.range);
    assert.ok(await apply(fresh!));
    assert.deepEqual(editor.document.getText().split('\n').slice(3, 7), [
      'import app.websocket_core.manager as legacy_ws',
      'from app.websocket_core.manager import ConnectionState, WebSocketManager',
      'from test_framework.ssot.orchestration_enums import HeartbeatConfig',
      'from test_framework.ssot.orchestration_enums import HeartbeatConfig as CanonicalHeartbeat',
    ]);
  });

  it('shows the quick fixes in the lightbulb menu at the cursor', async function () {
    const editor = await openFile(REGISTRY_TEST);
    await expectDiagnostics(editor.document.uri, REGISTRY_WARNINGS);
    await vscode.commands.executeCommand('notifications.clearAll'); // no toasts in the picture
    const cursor = new vscode.Position(5, 12); // in `app.agents.registry`
    const actions = await quickFixes(editor.document.uri, new vscode.Range(cursor, cursor));
    assert.deepEqual(
      actions.map((a) => a.title),
      ["Import from 'app.agents.supervisor.registry' instead", "Fix all 'app.agents.registry.*' imports in this file", 'Ignore SSOT001 for this line'],
    );
    editor.selection = new vscode.Selection(cursor, cursor);
    await vscode.commands.executeCommand('editor.action.quickFix');
    await sleep(1500); // the menu renders asynchronously
    await screenshot('quick-fix-menu');
  });

  it('editor.codeActionsOnSave "source.fixAll.ssotImports" fixes every fixable import when the file is saved', async function () {
    const api = await extensionApi();
    await pythonEditorSettings().update('codeActionsOnSave', { 'source.fixAll.ssotImports': 'explicit' }, vscode.ConfigurationTarget.Workspace, true);
    const editor = await openFile(HEALTH);
    const uri = editor.document.uri;
    await expectDiagnostics(uri, ['3:7-3:54 warning SSOT001', '7:9-7:49 error SSOT001']);

    // a small edit, then Save
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    assert.ok(await editor.edit((b) => b.insert(end, '\n\ndef ping() -> str:\n    return "pong"\n')));
    assert.ok(await editor.document.save());

    const expected = [
      '"""Health report for the status endpoint."""',
      'from __future__ import annotations',
      '',
      'import app.core.configuration.base as legacy_config',
      'from app.core.configuration.base import get_configuration',
      '',
      'try:',
      '    from app.agents.execution_engine_consolidated import ConsolidatedExecutionEngine',
      'except ImportError:  # removed in the next release',
      '    ConsolidatedExecutionEngine = None',
      '',
      '',
      'def health() -> dict[str, object]:',
      '    return {',
      '        "environment": get_configuration().get("environment"),',
      '        "legacy_config_in_sync": legacy_config.get_configuration() is get_configuration(),',
      '        "legacy_engine": ConsolidatedExecutionEngine is not None,',
      '    }',
      '',
      '',
      'def ping() -> str:',
      '    return "pong"',
      '',
    ].join('\n');
    assert.equal(editor.document.getText(), expected);
    assert.equal(editor.document.isDirty, false);
    assert.equal(readFileSync(uri.fsPath, 'utf8'), expected, 'the fixed text is what was saved');
    // only the import without a replacement is left
    await expectDiagnostics(uri, ['7:9-7:49 error SSOT001']);
    await expectStatus(api, '$(error) 1 SSOT');

    // put the file back (with the setting off, or the save would fix it again)
    await pythonEditorSettings().update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace, true);
    await vscode.workspace.fs.writeFile(uri, Buffer.from(onDisk.get(HEALTH)!));
    await waitFor('the editor to reload the restored file', () => editor.document.getText() === onDisk.get(HEALTH));
  });

  it('"Migrate Workspace" previews every fix grouped by rule and applies the accepted ones; only imports without replacement stay', async function () {
    this.timeout(60_000);
    const api = await extensionApi();
    const expected = fixedByCli();
    assert.equal(expected.size, 10, 'the CLI changes 10 files of the demo');
    const preview = () => vscode.workspace.textDocuments.filter((d) => d.uri.scheme === PREVIEW_SCHEME);

    // VS Code 1.100's refactor preview commands (a renamed one would fail here, not time out below)
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['refactorPreview.groupByType', 'refactorPreview.toggleCheckedState', 'refactorPreview.apply']) assert.ok(commands.includes(id), id);

    // the changes need confirmation: the command waits for the refactor preview
    const migration = Promise.resolve(vscode.commands.executeCommand<PlanMigrationResult | undefined>('ssotImports.migrateWorkspace'));
    let settled = false;
    void migration.finally(() => (settled = true));
    await waitFor('the refactor preview', () => preview().length === expected.size);
    await sleep(1000); // the preview fills its tree asynchronously
    assert.equal(settled, false, 'nothing is applied before the preview is accepted');

    // Every change needs confirmation, so each starts unticked. Tick them one rule at a time, as
    // a user does: group by rule, collapse, and toggle each group. (Grouped by file, moving the
    // focus would open the preview's diff editor, which keeps the files open after it closes.)
    await vscode.commands.executeCommand('refactorPreview.groupByType');
    await sleep(1000);
    await vscode.commands.executeCommand('list.collapseAll');
    await vscode.commands.executeCommand('list.focusAnyFirst');
    const rules = [
      'app.agents.base_agent:AgentState',
      'app.agents.registry.*',
      'app.core.managers.unified_configuration_manager',
      'app.core.managers.unified_configuration_manager, app.core.managers.unified_configuration_manager:get_unified_config',
      'app.websocket_core.manager:HeartbeatConfig',
      'app.websocket_core.manager:HeartbeatConfig, app.websocket_core.manager:WebSocketManager',
      'app.websocket_core.manager:WebSocketManager',
    ];
    for (let i = 0; i < rules.length; i++) {
      if (i > 0) await vscode.commands.executeCommand('list.focusAnyDown');
      await vscode.commands.executeCommand('refactorPreview.toggleCheckedState');
    }
    await vscode.commands.executeCommand('refactorPreview.apply');

    const plan = await migration;
    assert.ok(plan, 'the command returns the plan');
    assert.deepEqual({ ...plan, edit: undefined }, { edit: undefined, filesChecked: 40, filesChanged: 10, fixes: 22, unfixable: 3, skipped: [] });
    assert.deepEqual(Object.keys(plan.edit.changeAnnotations ?? {}).sort(), rules, 'a group per rule (or per set of rules that one rewritten statement serves)');

    // every file is rewritten in the editor, as the CLI rewrites it, and nothing is saved yet
    const dirty = vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'file');
    assert.deepEqual(dirty.map((d) => vscode.workspace.asRelativePath(d.uri)).sort(), [...expected.keys()].sort());
    for (const document of dirty) assert.equal(document.getText(), expected.get(vscode.workspace.asRelativePath(document.uri)), vscode.workspace.asRelativePath(document.uri));
    assert.deepEqual(
      dirty.find((d) => vscode.workspace.asRelativePath(d.uri) === 'test_framework/ssot/mocks.py')!.getText().split('\n').slice(0, 2),
      ['"""Test doubles. Still subclasses the manager through its deprecated name."""', 'from app.websocket_core.unified_manager import UnifiedWebSocketManager as WebSocketManager'],
    );
    assert.deepEqual(readPythonFiles(workspaceRoot().fsPath), onDisk, 'nothing is written to disk');

    // only the imports without a replacement are still flagged
    const left = ['app/agents/supervisor/supervisor.py 32:23-32:52 error SSOT001', 'app/services/health.py 7:9-7:49 error SSOT001'];
    await waitFor('the diagnostics of the migrated files', () => JSON.stringify(allSsotDiagnostics()) === JSON.stringify(left)).catch(() => {
      throw new Error(`diagnostics after the migration:\n  expected ${JSON.stringify(left)}\n  actual   ${JSON.stringify(allSsotDiagnostics())}`);
    });
    await expectStatus(api, '$(error) 2 SSOT');
  });
});
