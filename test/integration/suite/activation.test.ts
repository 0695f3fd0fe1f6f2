import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, expectStatus, extensionApi, waitFor } from './helpers';

describe('activation', function () {
  it('activates on the workspace registry and starts the language server', async function () {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded`);
    // activated by workspaceContains:ssot-imports.toml, without any Python file open
    await waitFor('activation', () => extension.isActive);
    assert.equal(extension.extensionKind, vscode.ExtensionKind.Workspace);

    const api = await extensionApi();
    assert.equal(api.serverStatus(), 'running');
    assert.ok(api.languageClient()?.isRunning(), 'the language client is running');
    // nothing is open yet, so nothing is flagged
    await expectStatus(api, '$(check) SSOT');

    const commands = await vscode.commands.getCommands(true);
    for (const command of ['ssotImports.restartServer', 'ssotImports.showOutput']) assert.ok(commands.includes(command), command);
  });
});
