import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { RulesRequest } from '../../../src/protocol/rules';
import { closeAllEditors, expectDiagnostics, expectStatus, extensionApi, openFile, waitFor, workspaceRoot } from './helpers';

const WEBSOCKET_TEST = 'tests/unit/test_websocket_manager.py';
const BOTH_WARNINGS = ['3:56-3:71 warning SSOT001', '3:73-3:89 warning SSOT001'];

describe('settings and commands', function () {
  const settings = () => vscode.workspace.getConfiguration('ssotImports', workspaceRoot());

  afterEach(async function () {
    await closeAllEditors();
    for (const key of ['severity', 'enable']) await settings().update(key, undefined, vscode.ConfigurationTarget.Workspace);
  });

  it("ssotImports.severity overrides every rule's severity", async function () {
    const api = await extensionApi();
    const uri = (await openFile(WEBSOCKET_TEST)).document.uri;
    await expectDiagnostics(uri, BOTH_WARNINGS);

    await settings().update('severity', 'error', vscode.ConfigurationTarget.Workspace);
    await expectDiagnostics(uri, ['3:56-3:71 error SSOT001', '3:73-3:89 error SSOT001']);
    await expectStatus(api, '$(error) 2 SSOT');

    await settings().update('severity', undefined, vscode.ConfigurationTarget.Workspace);
    await expectDiagnostics(uri, BOTH_WARNINGS);
    await expectStatus(api, '$(warning) 2 SSOT');
  });

  it('ssotImports.enable = false removes the diagnostics and the status bar says so', async function () {
    const api = await extensionApi();
    const uri = (await openFile(WEBSOCKET_TEST)).document.uri;
    await expectDiagnostics(uri, BOTH_WARNINGS);

    await settings().update('enable', false, vscode.ConfigurationTarget.Workspace);
    await expectDiagnostics(uri, []);
    await expectStatus(api, '$(circle-slash) SSOT');

    await settings().update('enable', undefined, vscode.ConfigurationTarget.Workspace);
    await expectDiagnostics(uri, BOTH_WARNINGS);
    await expectStatus(api, '$(warning) 2 SSOT');
  });

  it('"Restart Language Server" starts a new server and the diagnostics come back', async function () {
    const api = await extensionApi();
    const uri = (await openFile(WEBSOCKET_TEST)).document.uri;
    await expectDiagnostics(uri, BOTH_WARNINGS);
    const before = api.languageClient();

    await vscode.commands.executeCommand('ssotImports.restartServer');
    await waitFor('a new running language client', () => api.languageClient() !== before && api.serverStatus() === 'running');
    assert.ok(api.languageClient()?.isRunning());
    await expectDiagnostics(uri, BOTH_WARNINGS);
    await expectStatus(api, '$(warning) 2 SSOT');
  });

  it('"Show Registry Rules" lists the TOML and markdown registry; picking a rule opens it where it is written', async function () {
    const api = await extensionApi();
    const [registry] = await api.languageClient()!.sendRequest(RulesRequest);
    assert.equal(registry?.rules.length, 7);
    assert.equal(registry.problems, 0);
    assert.deepEqual(
      registry.canonical.slice(0, 2).map((c) => `${vscode.workspace.asRelativePath(vscode.Uri.parse(c.origin.uri))}:${c.origin.line} ${c.module}:${c.name}`),
      ['docs/SSOT_IMPORT_REGISTRY.md:10 app.core.configuration.base:Settings', 'docs/SSOT_IMPORT_REGISTRY.md:10 app.core.configuration.base:ConfigurationManager'],
    );

    const shown = vscode.commands.executeCommand('ssotImports.showRules');
    // the quick pick opens asynchronously: accept its first item (the first rule) once it is there
    await waitFor('the registry file open at the first rule', () => {
      void vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      const editor = vscode.window.activeTextEditor;
      return editor?.document.uri.path.endsWith('/ssot-imports.toml') && editor.selection.active.line === registry.rules[0]!.origin.line - 1;
    });
    await shown;
  });
});
