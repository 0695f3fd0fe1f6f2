import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { closeAllEditors, expectDiagnostics, expectStatus, extensionApi, fileUri, openFile, screenshot, setText, ssotDiagnostics, waitFor } from './helpers';

const WEBSOCKET_TEST = 'tests/unit/test_websocket_manager.py';

describe('editing', function () {
  let registry: vscode.TextDocument;
  let originalRegistry: string;

  before(async function () {
    registry = await vscode.workspace.openTextDocument(fileUri('ssot-imports.toml'));
    originalRegistry = registry.getText();
  });

  afterEach(async function () {
    await closeAllEditors();
    // put the registry back as it was, on disk
    registry = await vscode.workspace.openTextDocument(fileUri('ssot-imports.toml'));
    if (registry.getText() !== originalRegistry) await setText(registry, originalRegistry, true);
  });

  it('re-checks the file as you type: diagnostics move, disappear and appear, and the status bar follows', async function () {
    const api = await extensionApi();
    const editor = await openFile(WEBSOCKET_TEST);
    const uri = editor.document.uri;
    await expectDiagnostics(uri, ['3:56-3:71 warning SSOT001', '3:73-3:89 warning SSOT001']);

    // two new lines on top move both down
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(0, 0), '\n\n')));
    await expectDiagnostics(uri, ['5:56-5:71 warning SSOT001', '5:73-5:89 warning SSOT001']);

    // deleting the moved name from the import list removes its diagnostic
    assert.equal(editor.document.getText(new vscode.Range(5, 56, 5, 73)), 'HeartbeatConfig, ');
    assert.ok(await editor.edit((b) => b.delete(new vscode.Range(5, 56, 5, 73))));
    await expectDiagnostics(uri, ['5:56-5:72 warning SSOT001']);
    await expectStatus(api, '$(warning) 1 SSOT');

    // a newly typed deprecated import is flagged, with its rule's severity
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'from app.agents.execution_engine_consolidated import run_pipeline\n')));
    const diagnostics = await expectDiagnostics(uri, ['0:5-0:45 error SSOT001', '6:56-6:72 warning SSOT001']);
    assert.equal(diagnostics[0]!.message, "'app.agents.execution_engine_consolidated' is deprecated and has no replacement");
    await expectStatus(api, '$(error) 2 SSOT');

    // undoing everything brings back what the file on disk says
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await expectDiagnostics(uri, ['3:56-3:71 warning SSOT001', '3:73-3:89 warning SSOT001']);
    await expectStatus(api, '$(warning) 2 SSOT');
  });

  it('re-checks open files when the registry is edited and saved', async function () {
    const api = await extensionApi();
    const uri = (await openFile(WEBSOCKET_TEST)).document.uri;
    await expectDiagnostics(uri, ['3:56-3:71 warning SSOT001', '3:73-3:89 warning SSOT001']);
    await vscode.window.showTextDocument(registry, { preview: false });

    // drop the WebSocketManager rule
    const rules = originalRegistry.split(/(?=^\[\[rule\]\])/m);
    const withoutManagerRule = rules.filter((r) => !r.includes('from = "app.websocket_core.manager:WebSocketManager"')).join('');
    assert.equal(rules.length - withoutManagerRule.split(/(?=^\[\[rule\]\])/m).length, 1, 'one rule removed');
    await setText(registry, withoutManagerRule, true);
    await expectDiagnostics(uri, ['3:56-3:71 warning SSOT001']);
    await expectStatus(api, '$(warning) 1 SSOT');

    // add a rule for a name that has not moved so far
    const newRule = '\n[[rule]]\nfrom = "app.websocket_core.manager:ConnectionState"\nto = "app.websocket_core.state:ConnectionState"\nseverity = "error"\n';
    await setText(registry, withoutManagerRule + newRule, true);
    const diagnostics = await expectDiagnostics(uri, ['3:39-3:54 error SSOT001', '3:56-3:71 warning SSOT001']);
    assert.equal(diagnostics[0]!.message, "'app.websocket_core.manager.ConnectionState' is deprecated: import 'ConnectionState' from 'app.websocket_core.state'");
    await expectStatus(api, '$(error) 2 SSOT');

    await setText(registry, originalRegistry, true);
    await expectDiagnostics(uri, ['3:56-3:71 warning SSOT001', '3:73-3:89 warning SSOT001']);
    await expectStatus(api, '$(warning) 2 SSOT');
  });

  it('shows a mistake in the registry in the registry file and checks nothing until it is fixed', async function () {
    const api = await extensionApi();
    const uri = (await openFile(WEBSOCKET_TEST)).document.uri;
    await expectDiagnostics(uri, ['3:56-3:71 warning SSOT001', '3:73-3:89 warning SSOT001']);
    await vscode.window.showTextDocument(registry, { preview: false });

    const typo = originalRegistry.replace('from = "app.websocket_core.manager:HeartbeatConfig"', 'form = "app.websocket_core.manager:HeartbeatConfig"');
    assert.notEqual(typo, originalRegistry);
    await setText(registry, typo, true);
    const typoLine = typo.split('\n').findIndex((l) => l.startsWith('form = '));
    const problem = await expectRegistryProblem(/unknown key 'form' in rule; did you mean 'from'\?/);
    assert.equal(problem.range.start.line, typoLine, 'on the line of the typo');
    assert.equal(problem.severity, vscode.DiagnosticSeverity.Error);
    await expectDiagnostics(uri, []);
    await expectStatus(api, '$(error) SSOT registry');
    await vscode.window.showTextDocument(registry, { selection: new vscode.Range(typoLine, 1, typoLine, 1) });
    await vscode.commands.executeCommand('editor.action.showHover');
    await screenshot('registry-error');

    await setText(registry, originalRegistry, true);
    await expectDiagnostics(registry.uri, []);
    await expectDiagnostics(uri, ['3:56-3:71 warning SSOT001', '3:73-3:89 warning SSOT001']);
    await expectStatus(api, '$(warning) 2 SSOT');
  });

  function expectRegistryProblem(message: RegExp): Promise<vscode.Diagnostic> {
    return waitFor(`a registry diagnostic matching ${String(message)}`, () => ssotDiagnostics(registry.uri).find((d) => message.test(d.message))).catch(() => {
      throw new Error(`no registry diagnostic matching ${String(message)}; have ${JSON.stringify(ssotDiagnostics(registry.uri).map((d) => d.message))}`);
    });
  }
});
