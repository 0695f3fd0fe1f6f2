import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument, type TextEdit } from 'vscode-languageserver-textdocument';
import { CodeActionRequest, DidSaveTextDocumentNotification, HoverRequest, type CodeAction, type Diagnostic, type MarkupContent, type TextDocumentEdit } from 'vscode-languageserver-protocol';
import { TestLspClient } from '../support/lspClient';
import { TempWorkspace } from '../support/tempWorkspace';

const TEST = [
  'from app.websocket_core.manager import WebSocketManager, HeartbeatConfig',
  'import app.websocket_core.handlers',
  'from test_framework.ssot.orchestration_enums import HeartbeatConfig as Canonical',
  'from app.websocket_core.heartbeat import HeartbeatConfig as ViaShim',
  '',
].join('\n');

const FILES = {
  'ssot-imports.toml': '[[rule]]\nfrom = "app.legacy"\nto = "app.websocket_core.manager"\n',
  'app/__init__.py': '',
  'app/websocket_core/__init__.py': '',
  'app/websocket_core/manager.py': 'class WebSocketManager:\n    pass\n',
  'app/websocket_core/heartbeat.py': 'from test_framework.ssot.orchestration_enums import HeartbeatConfig\n',
  'app/other/__init__.py': '',
  'app/other/handlers.py': 'def handle():\n    pass\n',
  'test_framework/__init__.py': '',
  'test_framework/ssot/__init__.py': '',
  'test_framework/ssot/orchestration_enums.py': 'class HeartbeatConfig:\n    interval = 5\n',
  'tests/test_a.py': TEST,
};

const codesOf = (d: Diagnostic[]) => d.map((x) => `${x.range.start.line}:${x.range.start.character} ${String(x.code)}`).sort();

describe('workspace index over stdio (SSOT002, SSOT003, hover)', function () {
  this.timeout(30_000);
  let ws: TempWorkspace;
  let client: TestLspClient;
  let cacheDir: string;
  let uri: string;
  const previousCacheDir = process.env['SSOT_IMPORTS_CACHE_DIR'];

  beforeEach(() => {
    ws = new TempWorkspace(FILES);
    cacheDir = mkdtempSync(join(tmpdir(), 'ssot-cache-'));
    process.env['SSOT_IMPORTS_CACHE_DIR'] = cacheDir; // the server inherits it: no writes to ~/.cache
  });
  afterEach(async () => {
    await client.stop();
    ws.dispose();
    rmSync(cacheDir, { recursive: true, force: true });
    if (previousCacheDir === undefined) delete process.env['SSOT_IMPORTS_CACHE_DIR'];
    else process.env['SSOT_IMPORTS_CACHE_DIR'] = previousCacheDir;
  });

  const start = async (watchFiles: boolean) => {
    client = await TestLspClient.start({ rootPath: ws.root, watchFiles });
    uri = await client.open(ws.path('tests/test_a.py'), TEST);
    return client.diagnostics(uri, (d) => d.length === 2);
  };

  it('flags a name its module does not bind, naming where it lives, and a missing module', async () => {
    const diagnostics = await start(true);
    assert.deepEqual(codesOf(diagnostics), ['0:57 SSOT002', '1:7 SSOT003']);
    const missingName = diagnostics.find((d) => d.code === 'SSOT002')!;
    assert.equal(missingName.message, "'HeartbeatConfig' is not defined in 'app.websocket_core.manager': it lives in 'test_framework.ssot.orchestration_enums' and 'app.websocket_core.heartbeat'");
    assert.deepEqual(missingName.range.end, { line: 0, character: 72 });
    const missingModule = diagnostics.find((d) => d.code === 'SSOT003')!;
    assert.equal(missingModule.message, "No module named 'app.websocket_core.handlers'");
  });

  it('fixes them by importing from the places the index knows, best first', async () => {
    const diagnostics = await start(true);
    const request = (d: Diagnostic) => client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } }) as Promise<CodeAction[]>;
    const apply = (action: CodeAction) => {
      const change = action.edit!.documentChanges![0] as TextDocumentEdit;
      assert.equal(change.textDocument.version, 1);
      return TextDocument.applyEdits(TextDocument.create(uri, 'python', 1, TEST), change.edits as TextEdit[]);
    };

    const nameActions = await request(diagnostics.find((d) => d.code === 'SSOT002')!);
    assert.deepEqual(
      nameActions.map((a) => `${a.isPreferred ? '* ' : ''}${a.title}`),
      ["* Import 'HeartbeatConfig' from 'test_framework.ssot.orchestration_enums'", "Import 'HeartbeatConfig' from 'app.websocket_core.heartbeat'", 'Ignore SSOT002 for this line'],
    );
    assert.equal(
      apply(nameActions[0]!),
      TEST.replace(
        'from app.websocket_core.manager import WebSocketManager, HeartbeatConfig\n',
        'from app.websocket_core.manager import WebSocketManager\nfrom test_framework.ssot.orchestration_enums import HeartbeatConfig\n',
      ),
    );

    const moduleActions = await request(diagnostics.find((d) => d.code === 'SSOT003')!);
    assert.equal(moduleActions[0]?.title, "Import 'app.other.handlers' instead");
    assert.equal(apply(moduleActions[0]), TEST.replace('import app.websocket_core.handlers\n', 'import app.other.handlers\n'));
  });

  it('follows the files on disk: a name defined later is no longer reported', async () => {
    await start(true);
    writeFileSync(ws.path('app/websocket_core/manager.py'), 'class WebSocketManager:\n    pass\n\n\nclass HeartbeatConfig:\n    pass\n');
    await client.fileChanged(ws.path('app/websocket_core/manager.py'));
    const after = await client.diagnostics(uri, (d) => d.length === 1);
    assert.deepEqual(codesOf(after), ['1:7 SSOT003']);
  });

  it('learns of saved files from didSave when the client does not watch files', async () => {
    await start(false);
    const handlers = ws.path('app/websocket_core/handlers.py');
    writeFileSync(handlers, 'def handle():\n    pass\n');
    await client.open(handlers, 'def handle():\n    pass\n');
    await client.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri: client.uri(handlers) } });
    const after = await client.diagnostics(uri, (d) => d.length === 1);
    assert.deepEqual(codesOf(after), ['0:57 SSOT002']);
  });

  it('hover shows where a name is defined and the chain of re-exports, and the registry status', async () => {
    await start(true);
    const hover = async (line: number, character: number) => {
      const result = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } });
      return (result?.contents as MarkupContent | undefined)?.value ?? '';
    };
    const canonical = await hover(2, 55);
    assert.match(canonical, /^`test_framework\.ssot\.orchestration_enums\.HeartbeatConfig`/);
    assert.match(canonical, /Defined in `test_framework\.ssot\.orchestration_enums` — test_framework\/ssot\/orchestration_enums\.py:1/);
    const shim = await hover(3, 45);
    assert.match(shim, /Re-exported: `app\.websocket_core\.heartbeat` \(app\/websocket_core\/heartbeat\.py:1\) → `test_framework\.ssot\.orchestration_enums` \(test_framework\/ssot\/orchestration_enums\.py:1\)/);
    const manager = await hover(0, 45);
    assert.match(manager, /Defined in `app\.websocket_core\.manager` — app\/websocket_core\/manager\.py:1/);
    const moduleHover = await hover(0, 10);
    assert.match(moduleHover, /\*\*Canonical\*\*: the registry's target for `app\.legacy` \(ssot-imports\.toml:2\)/);
    assert.match(moduleHover, /Module in app\/websocket_core\/manager\.py/);
  });

  it('reports registry drift: a rule target or a canonical line the workspace does not have', async () => {
    ws.write({
      'ssot-imports.toml': '[registry]\nmarkdown = ["REGISTRY.md"]\n\n[[rule]]\nfrom = "app.legacy:Beat"\nto = "app.websocket_core.manager:HeartbeatConfig"\n',
      'REGISTRY.md': '```python\nfrom app.websocket_core.handlers import handle  # ✅ CANONICAL\n```\n',
    });
    await start(true);
    const toml = await client.diagnostics(client.uri(ws.path('ssot-imports.toml')), (d) => d.length > 0);
    assert.deepEqual(
      toml.map((d) => `${d.range.start.line} ${String(d.code)} ${d.severity} ${d.message as string}`),
      ["4 SSOT-drift 2 the target of 'app.legacy:Beat' names 'HeartbeatConfig' in 'app.websocket_core.manager', which does not define it (it is defined in 'test_framework.ssot.orchestration_enums'): its fixes would import something that does not exist"],
    );
    const markdown = await client.diagnostics(client.uri(ws.path('REGISTRY.md')), (d) => d.length > 0);
    assert.deepEqual(
      markdown.map((d) => `${d.range.start.line} ${String(d.code)} ${d.message as string}`),
      ["1 SSOT-drift this canonical import names the module 'app.websocket_core.handlers', which is not in the workspace (a module of that name: 'app.other.handlers')"],
    );
  });
});
