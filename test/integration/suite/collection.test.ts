import { strict as assert } from 'node:assert';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { CollectResult } from '../../../src/engine/collect/types';
import type { CollectionItem } from '../../../src/client/collection/items';
import { closeAllEditors, extensionApi, fileUri, openFile, screenshot, waitFor, workspaceRoot } from './helpers';

const CONFIG_TEST = 'tests/unit/test_configuration.py';
const BROKEN_TEST = 'tests/unit/test_zz_collection_broken.py';
const BROKEN_TEXT = ['import pytest', '', 'from app.websocket_core.manager import NoSuchThing', '', '', 'def test_uses_it():', '    assert NoSuchThing', ''].join('\n');

type View = ReturnType<Awaited<ReturnType<typeof extensionApi>>['collectionView']>;

/** Waits until the view shows a collection of `relativePath` (pytest runs in the server: allow time). */
function resultFor(view: View, relativePath: string): Promise<Exclude<CollectResult, { status: 'could-not-run' }>> {
  const path = fileUri(relativePath).fsPath;
  return waitFor(
    `the view's collection of ${relativePath}`,
    () => {
      const result = view.lastResult();
      if (result?.status === 'could-not-run') throw new Error(`pytest could not run: ${result.message}`);
      return result?.files.length === 1 && result.files[0]!.file === path && result;
    },
    60_000,
  );
}

const label = (view: View, item: CollectionItem): string => {
  const l = view.provider.getTreeItem(item).label;
  return typeof l === 'string' ? l : (l?.label ?? '');
};
const describeItem = (view: View, item: CollectionItem): string => {
  const t = view.provider.getTreeItem(item);
  return `${label(view, item)}${t.description ? ` (${String(t.description)})` : ''}`;
};

describe('test collection view', function () {
  this.timeout(90_000);

  afterEach(async function () {
    await closeAllEditors();
    rmSync(fileUri(BROKEN_TEST).fsPath, { force: true });
    await vscode.commands.executeCommand('workbench.view.explorer');
  });

  it('shows the active test file: its tests, a parametrized id and its line; a click opens the code', async function () {
    const view = (await extensionApi()).collectionView();
    const editor = await openFile(CONFIG_TEST);
    const result = await resultFor(view, CONFIG_TEST);
    assert.equal(result.status, 'ok');
    assert.equal(result.testCount, 6);
    assert.match(view.description() ?? '', /^6 tests · 0 errors · \d+\.\d\d s$/);

    const roots = view.provider.getChildren();
    assert.deepEqual(
      roots.map((r) => describeItem(view, r)),
      ['test_configuration.py (6 tests · tests/unit)'],
    );
    const tests = view.provider.getChildren(roots[0]);
    assert.deepEqual(
      tests.map((t) => label(view, t)),
      ['test_shim_reexports_the_canonical_settings', 'test_environment_is_kept', 'test_extra_keys_fall_back_to_default', 'test_old_accessor_is_the_canonical_one'],
    );
    const params = view.provider.getChildren(tests[1]);
    assert.deepEqual(
      params.map((p) => label(view, p)),
      ['[development]', '[staging]', '[production]'],
    );
    const staging = view.provider.getTreeItem(params[1]!);
    const line = Number(/^line (\d+)$/.exec(String(staging.description))?.[1]);
    assert.ok(line > 0, `a line: ${String(staging.description)}`);
    assert.match(editor.document.lineAt(line - 1).text, /parametrize|def test_environment_is_kept/);

    // clicking the item reveals its line
    const command = staging.command!;
    assert.equal(command.command, 'vscode.open');
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    await waitFor('the cursor on the test', () => vscode.window.activeTextEditor?.selection.active.line === line - 1);
  });

  it('shows an import error with its traceback frame at the import line', async function () {
    const view = (await extensionApi()).collectionView();
    writeFileSync(fileUri(BROKEN_TEST).fsPath, BROKEN_TEXT);
    await openFile(BROKEN_TEST);
    await vscode.commands.executeCommand('workbench.view.extension.ssotImports');
    const result = await resultFor(view, BROKEN_TEST);
    assert.equal(result.status, 'errors');

    const [file] = view.provider.getChildren();
    assert.equal(describeItem(view, file!), 'test_zz_collection_broken.py (1 error · tests/unit)');
    assert.match(view.description() ?? '', /^0 tests · 1 error · \d+\.\d\d s$/);
    const [error] = view.provider.getChildren(file);
    assert.equal(error?.kind, 'error');
    assert.equal(label(view, error), "ImportError: cannot import name 'NoSuchThing' from 'app.websocket_core.manager'");
    const frames = view.provider.getChildren(error);
    assert.deepEqual(
      frames.map((f) => describeItem(view, f)),
      ['test_zz_collection_broken.py:3 (in <module>)'],
    );
    const open = view.provider.getTreeItem(frames[0]!).command!;
    assert.deepEqual(
      [(open.arguments![0] as vscode.Uri).fsPath, (open.arguments![1] as vscode.TextDocumentShowOptions).selection?.start.line],
      [fileUri(BROKEN_TEST).fsPath, 2],
    );

    // and the editor shows it on the missing name (SSOT200)
    const [diagnostic] = await waitFor('the SSOT200 diagnostic', () => {
      const found = vscode.languages.getDiagnostics(fileUri(BROKEN_TEST)).filter((d) => d.code === 'SSOT200');
      return found.length > 0 && found;
    });
    assert.equal(diagnostic?.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual([diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.range.end.character], [2, 39, 50]);
    assert.match(diagnostic.message, /^pytest cannot collect this file: ImportError: cannot import name 'NoSuchThing' from 'app\.websocket_core\.manager'/);

    await vscode.commands.executeCommand('notifications.clearAll');
    await screenshot('collection-error');
  });

  it('"Collect Folder" shows each file, worst first, and the success rate', async function () {
    const view = (await extensionApi()).collectionView();
    writeFileSync(fileUri(BROKEN_TEST).fsPath, BROKEN_TEXT);
    await vscode.commands.executeCommand('ssotImports.collection.collectFolder', fileUri('tests/unit'));
    const result = await waitFor('the collection of tests/unit', () => {
      const r = view.lastResult();
      return r?.status !== 'could-not-run' && r?.files.length === 5 && r;
    }, 60_000);
    assert.equal(result.successRate, 0.8);
    assert.deepEqual(
      view.provider.getChildren().map((f) => describeItem(view, f)),
      [
        'test_zz_collection_broken.py (1 error · tests/unit)',
        'test_agent_registry.py (4 tests · tests/unit)',
        'test_configuration.py (6 tests · tests/unit)',
        'test_execution_engine.py (5 tests · tests/unit)',
        'test_websocket_manager.py (7 tests · tests/unit)',
      ],
    );
    assert.match(view.description() ?? '', /^22 tests · 1 error · 80% of files ok · \d+\.\d\d s$/);
  });

  it('runs pytest with ssotImports.python.interpreter, ${workspaceFolder} expanded; python3 without it', async function () {
    const view = (await extensionApi()).collectionView();
    const settings = () => vscode.workspace.getConfiguration('ssotImports', workspaceRoot());
    const venvPython = fileUri('.venv-test/bin/python').fsPath;
    mkdirSync(fileUri('.venv-test/bin').fsPath, { recursive: true });
    symlinkSync('/usr/bin/python3', venvPython);
    try {
      await openFile(CONFIG_TEST);
      assert.equal((await resultFor(view, CONFIG_TEST)).python, 'python3', 'no setting and no Python extension: python3 on PATH');

      await settings().update('python.interpreter', '${workspaceFolder}/.venv-test/bin/python', vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('ssotImports.collection.refresh');
      const result = await waitFor('a collection with the configured interpreter', () => {
        const r = view.lastResult();
        return r?.status === 'ok' && r.python === venvPython && r;
      }, 60_000);
      assert.equal(result.testCount, 6);
    } finally {
      await settings().update('python.interpreter', undefined, vscode.ConfigurationTarget.Workspace);
      rmSync(fileUri('.venv-test').fsPath, { recursive: true, force: true });
    }
  });
});
