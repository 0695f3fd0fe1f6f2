import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument, type TextEdit } from 'vscode-languageserver-textdocument';
import { CancellationTokenSource, CodeActionRequest, DiagnosticSeverity, type CodeAction, type Diagnostic, type TextDocumentEdit } from 'vscode-languageserver-protocol';
import { CollectRequest } from '../../src/protocol/collect';
import { TestLspClient } from '../support/lspClient';
import { TempWorkspace } from '../support/tempWorkspace';

const FIXTURES = join(__dirname, '..', 'fixtures', 'collect');
const PYTHON = '/usr/bin/python3'; // Debian's pytest 7 (CI installs python3-pytest)

describe('pytest collection over stdio (ssotImports/collect)', function () {
  this.timeout(60_000);
  let client: TestLspClient;
  before(async () => {
    client = await TestLspClient.start({ rootPath: join(FIXTURES, 'migration') });
  });
  after(() => client.stop());

  it('returns the collection error of a test file that imports a moved name, with its import line', async () => {
    const file = join(FIXTURES, 'migration', 'tests', 'test_websocket_manager.py');
    const result = await client.connection.sendRequest(CollectRequest, { uris: [pathToFileURL(file).href], python: PYTHON });
    assert.equal(result.status, 'errors', JSON.stringify(result));
    if (result.status !== 'errors') return;
    assert.equal(result.testCount, 0);
    const [error] = result.errors;
    assert.equal(error?.type, 'ImportError');
    assert.match(error.message, /cannot import name 'HeartbeatConfig' from 'app\.websocket_core\.manager'/);
    assert.ok(error.importLine, 'the failing import line of the test file');
  });

  it('returns the collected tree of a healthy file', async () => {
    const file = join(FIXTURES, 'migration', 'tests', 'test_ok.py');
    const result = await client.connection.sendRequest(CollectRequest, { uris: [pathToFileURL(file).href], python: PYTHON });
    assert.equal(result.status, 'ok', JSON.stringify(result));
    if (result.status === 'ok') assert.ok(result.testCount > 0);
  });

  it('stops pytest when the client cancels', async () => {
    const source = new CancellationTokenSource();
    const request = client.connection.sendRequest(CollectRequest, { uris: [pathToFileURL(join(FIXTURES, 'slow_conftest', 'test_slow.py')).href], python: PYTHON }, source.token);
    setTimeout(() => source.cancel(), 1000);
    const result = await request;
    assert.equal(result.status, 'could-not-run');
    if (result.status === 'could-not-run') assert.equal(result.reason, 'cancelled');
  });
});

describe('collection errors as diagnostics (SSOT200)', function () {
  this.timeout(60_000);
  const TEST = [
    '"""A multi-line import where the second name moved."""',
    'import os',
    '',
    'from app.websocket_core.manager import (',
    '    WebSocketManager,',
    '    HeartbeatConfig,',
    ')',
    '',
    '',
    'def test_manager():',
    '    assert os and WebSocketManager and HeartbeatConfig',
    '',
  ].join('\n');
  let ws: TempWorkspace;
  let client: TestLspClient;
  let file: string;
  const collect = () => client.connection.sendRequest(CollectRequest, { uris: [pathToFileURL(file).href], python: PYTHON });
  const errorsOf = (d: Diagnostic[]) => d.filter((x) => x.code === 'SSOT200');

  beforeEach(async () => {
    ws = new TempWorkspace({
      'ssot-imports.toml': '[[rule]]\nfrom = "app.websocket_core.manager:HeartbeatConfig"\nto = "shared.heartbeat:HeartbeatConfig"\n',
      'pyproject.toml': '[tool.pytest.ini_options]\npythonpath = ["."]\n',
      'app/__init__.py': '',
      'app/websocket_core/__init__.py': '',
      'app/websocket_core/manager.py': 'class WebSocketManager:\n    pass\n',
      'shared/__init__.py': '',
      'shared/heartbeat.py': 'class HeartbeatConfig:\n    pass\n',
      'tests/test_ws.py': TEST,
    });
    file = ws.path('tests/test_ws.py');
    client = await TestLspClient.start({ rootPath: ws.root });
  });
  afterEach(async () => {
    await client.stop();
    ws.dispose();
  });

  it('publishes the error of a file that is not open on the missing name, with the exception', async () => {
    const result = await collect();
    assert.equal(result.status, 'errors', JSON.stringify(result));
    const [error] = errorsOf(await client.diagnostics(client.uri(file), (d) => errorsOf(d).length > 0));
    assert.deepEqual(error?.range, { start: { line: 5, character: 4 }, end: { line: 5, character: 19 } });
    assert.equal(error.severity, DiagnosticSeverity.Error);
    assert.equal(error.source, 'ssot-imports');
    assert.equal(typeof error.message, 'string');
    assert.match(error.message as string, /^pytest cannot collect this file: ImportError: cannot import name 'HeartbeatConfig' from 'app\.websocket_core\.manager'/);
  });

  it('follows the import while the open file is edited, offers the registry fix, and goes when a collection succeeds', async () => {
    const uri = await client.open(file, TEST);
    await collect();
    const [before] = errorsOf(await client.diagnostics(uri, (d) => errorsOf(d).length > 0));
    assert.equal(before?.range.start.line, 5);

    // two lines inserted above the import: the error moves with it
    const version = await client.change(uri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'import sys\nimport re\n' }]);
    const edited = TEST.replace('import os\n', 'import sys\nimport re\nimport os\n');
    const [moved] = errorsOf(await client.diagnostics(uri, (d, p) => p.version === version && errorsOf(d).length > 0));
    assert.deepEqual(moved?.range, { start: { line: 7, character: 4 }, end: { line: 7, character: 19 } });

    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: moved.range,
      context: { diagnostics: [moved] },
    })) as CodeAction[];
    const fix = actions.find((a) => a.isPreferred && a.diagnostics?.[0]?.code === 'SSOT200');
    assert.equal(fix?.title, "Import 'HeartbeatConfig' from 'shared.heartbeat' instead");
    const change = fix.edit?.documentChanges?.[0] as TextDocumentEdit;
    assert.equal(change.textDocument.version, version);
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'python', version, edited), change.edits.map((e) => e as TextEdit));
    assert.match(fixed, /from app\.websocket_core\.manager import \(\n {4}WebSocketManager,\n\)\nfrom shared\.heartbeat import HeartbeatConfig\n/);

    // saved and collected again: nothing to report
    writeFileSync(file, fixed);
    const version2 = await client.change(uri, [{ text: fixed }]);
    assert.equal((await collect()).status, 'ok');
    await client.diagnostics(uri, (d, p) => p.version === version2 && errorsOf(d).length === 0 && d.length === 0);
  });

  it('drops the error once its import is edited away, and keeps a closed file\'s error as on disk', async () => {
    const uri = await client.open(file, TEST);
    await collect();
    await client.diagnostics(uri, (d) => errorsOf(d).length > 0);
    const version = await client.change(uri, [{ text: TEST.replace('from app.websocket_core.manager import (', 'from app.websocket_core import (') }]);
    await client.diagnostics(uri, (d, p) => p.version === version && errorsOf(d).length === 0);
    client.reset();
    await client.close(uri);
    const [kept] = errorsOf(await client.diagnostics(uri, (d) => errorsOf(d).length > 0));
    assert.equal(kept?.range.start.line, 5);
  });
});
