import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as vscode from 'vscode';
import {
  closeAllEditors,
  EXTENSION_ID,
  expectDiagnostics,
  expectStatus,
  extensionApi,
  fileUri,
  openFile,
  screenshot,
  workspaceRoot,
} from './helpers';

const WEBSOCKET_TEST = 'tests/unit/test_websocket_manager.py';
const ENGINE_TEST = 'tests/unit/test_execution_engine.py';
const CONFIG_TEST = 'tests/unit/test_configuration.py';

/** The 0-based line of the registry rule `from = "<from>"`. */
async function ruleLine(from: string): Promise<number> {
  const registry = await vscode.workspace.openTextDocument(fileUri('ssot-imports.toml'));
  const line = registry.getText().split('\n').findIndex((l) => l.startsWith(`from = "${from}"`));
  assert.ok(line >= 0, `the registry has a rule from = "${from}"`);
  return line;
}

describe('diagnostics', function () {
  afterEach(closeAllEditors);

  it('flags each deprecated import of an opened file: code, range, severity, Deprecated tag, message, rule', async function () {
    const api = await extensionApi();
    const editor = await openFile(WEBSOCKET_TEST);
    const diagnostics = await expectDiagnostics(editor.document.uri, ['3:56-3:71 warning SSOT001', '3:73-3:89 warning SSOT001']);
    const [heartbeat, manager] = diagnostics;
    // exactly the moved names are underlined, not the whole statement
    assert.equal(editor.document.getText(heartbeat!.range), 'HeartbeatConfig');
    assert.equal(editor.document.getText(manager!.range), 'WebSocketManager');
    assert.equal(heartbeat!.message, "'app.websocket_core.manager.HeartbeatConfig' is deprecated: import 'HeartbeatConfig' from 'test_framework.ssot.orchestration_enums'");
    assert.equal(
      manager!.message,
      "'app.websocket_core.manager.WebSocketManager' is deprecated: import 'UnifiedWebSocketManager' from 'app.websocket_core.unified_manager' — One WebSocket manager per process (#812)",
    );
    for (const d of diagnostics) {
      assert.equal(d.code, 'SSOT001');
      assert.equal(d.source, 'ssot-imports');
      assert.deepEqual(d.tags, [vscode.DiagnosticTag.Deprecated], 'drawn struck through');
    }
    // each links to its rule in the registry
    const rule = heartbeat!.relatedInformation?.[0];
    assert.equal(rule?.location.uri.toString(), fileUri('ssot-imports.toml').toString());
    assert.equal(rule?.location.range.start.line, await ruleLine('app.websocket_core.manager:HeartbeatConfig'));
    assert.equal(manager!.relatedInformation?.[0]?.location.range.start.line, await ruleLine('app.websocket_core.manager:WebSocketManager'));

    await expectStatus(api, '$(warning) 2 SSOT');
  });

  it("uses each rule's severity and skips imports marked # ssot: ignore", async function () {
    const api = await extensionApi();
    const config = await openFile(CONFIG_TEST);
    await expectDiagnostics(config.document.uri, ['3:7-3:54 warning SSOT001', '5:30-5:59 warning SSOT001', '6:5-6:52 warning SSOT001', '9:4-9:22 information SSOT001']);
    await expectStatus(api, '$(warning) 4 SSOT');

    const engine = await openFile(ENGINE_TEST);
    const diagnostics = await expectDiagnostics(engine.document.uri, ['8:9-8:49 error SSOT001']);
    assert.equal(diagnostics[0]!.message, "'app.agents.execution_engine_consolidated' is deprecated and has no replacement");
    const ignored = engine.document.getText().split('\n').findIndex((l) => l.includes('# ssot: ignore'));
    assert.ok(ignored > 0 && engine.document.lineAt(ignored).text.includes('import app.agents.execution_engine_consolidated'), 'the fixture keeps one ignored import');
    // the worst severity sets the icon; every finding of every file is counted
    await expectStatus(api, '$(error) 5 SSOT');

    // the picture for the README: squiggles, and the hover on one of them
    await vscode.window.showTextDocument(config.document, { selection: new vscode.Range(9, 10, 9, 10) });
    await vscode.commands.executeCommand('editor.action.showHover');
    await screenshot('diagnostics-hover');
  });

  it('agrees with the command line on every file of the workspace, and the status bar counts them all', async function () {
    const api = await extensionApi();
    const cli = join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'cli.js');
    const run = spawnSync(process.execPath, [cli, 'check', '--format', 'json', workspaceRoot().fsPath], {
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, // the desktop host's execPath is Electron
    });
    assert.equal(run.status, 1, `the CLI finds deprecated imports: ${run.stderr}`);
    const findings = (JSON.parse(run.stdout) as { findings: { file: string; line: number; column: number; endLine: number; endColumn: number; severity: string; code: string; message: string }[] }).findings;
    findings.sort((a, b) => a.line - b.line || a.column - b.column);
    const byFile = new Map<string, typeof findings>();
    for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
    assert.ok(byFile.size >= 5, `the demo workspace has findings in several files (${byFile.size})`);

    for (const [file, expected] of byFile) {
      const editor = await openFile(file);
      const diagnostics = await expectDiagnostics(
        editor.document.uri,
        expected.map((f) => `${f.line - 1}:${f.column - 1}-${f.endLine - 1}:${f.endColumn - 1} ${f.severity} ${f.code}`),
      );
      assert.deepEqual(diagnostics.map((d) => d.message), expected.map((f) => f.message), `messages in ${file}`);
    }
    const worst = findings.some((f) => f.severity === 'error') ? '$(error)' : '$(warning)';
    await expectStatus(api, `${worst} ${findings.length} SSOT`);

    // the Problems panel lists them (the status bar item opens it)
    await openFile(WEBSOCKET_TEST);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await screenshot('problems-panel');
    await vscode.commands.executeCommand('workbench.action.closePanel');
  });

  it('clears the diagnostics of a closed file, and the status bar count follows', async function () {
    const api = await extensionApi();
    await openFile(WEBSOCKET_TEST);
    const engine = await openFile(ENGINE_TEST);
    await expectStatus(api, '$(error) 3 SSOT');

    await vscode.window.showTextDocument(engine.document);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await expectDiagnostics(engine.document.uri, []);
    await expectStatus(api, '$(warning) 2 SSOT');

    await closeAllEditors();
    await expectDiagnostics(fileUri(WEBSOCKET_TEST), []);
    await expectStatus(api, '$(check) SSOT');
  });
});
