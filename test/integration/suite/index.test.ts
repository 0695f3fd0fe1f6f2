import { strict as assert } from 'node:assert';
import { rmSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { closeAllEditors, expectDiagnostics, fileUri, openFile, screenshot, waitFor } from './helpers';

const REPORT = 'app/services/heartbeat_report.py';
const REPORT_TEXT = [
  '"""A report written when health.py still had HeartbeatConfig, and agents had a health module."""',
  'from app.services.health import health, HeartbeatConfig',
  'import app.agents.health',
  '',
  '',
  'def report(config: HeartbeatConfig) -> str:',
  '    return f"{health()} every {config.interval_seconds}s ({app.agents.health})"',
  '',
].join('\n');

describe('workspace index', function () {
  this.timeout(60_000);

  afterEach(async function () {
    await closeAllEditors();
    rmSync(fileUri(REPORT).fsPath, { force: true });
  });

  it('flags a name its module lacks (SSOT002) and a missing module (SSOT003), and fixes them from the lightbulb', async function () {
    writeFileSync(fileUri(REPORT).fsPath, REPORT_TEXT);
    const editor = await openFile(REPORT);
    const uri = editor.document.uri;
    const [missingName, missingModule] = await expectDiagnostics(uri, ['1:40-1:55 error SSOT002', '2:7-2:24 error SSOT003'], 30_000);
    // the registry's target for HeartbeatConfig comes first
    assert.match(missingName!.message, /^'HeartbeatConfig' is not defined in 'app\.services\.health': it lives in 'test_framework\.ssot\.orchestration_enums'/);
    assert.equal(missingModule!.message, "No module named 'app.agents.health'");

    const hover = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(1, 34));
    const text = hover.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /Defined in `app\.services\.health` — app\/services\/health\.py:13/);
    // the picture for the README: the hover on the missing name, with the diagnostic and its resolution
    await vscode.window.showTextDocument(editor.document, { selection: new vscode.Range(1, 47, 1, 47) });
    await vscode.commands.executeCommand('editor.action.showHover');
    await screenshot('missing-name');

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, missingName!.range, vscode.CodeActionKind.QuickFix.value);
    const preferred = actions.find((a) => a.isPreferred);
    assert.equal(preferred?.title, "Import 'HeartbeatConfig' from 'test_framework.ssot.orchestration_enums'", JSON.stringify(actions.map((a) => [a.title, a.isPreferred])));
    assert.equal(await vscode.commands.executeCommand<boolean>(preferred.command!.command, ...(preferred.command!.arguments ?? [])), true);
    await waitFor('the rewritten import', () =>
      editor.document.getText().includes('from app.services.health import health\nfrom test_framework.ssot.orchestration_enums import HeartbeatConfig\n'),
    );
    const [left] = await expectDiagnostics(uri, ['3:7-3:24 error SSOT003']);
    const moduleFixes = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, left!.range, vscode.CodeActionKind.QuickFix.value);
    assert.equal(moduleFixes.find((a) => a.isPreferred)?.title, "Import 'app.services.health' instead");
  });
});
