import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import {
  CancellationTokenSource,
  LSPErrorCodes,
  ResponseError,
  WorkDoneProgress,
  type TextDocumentEdit,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { PlanMigrationRequest } from '../../src/protocol/migration';
import { TestLspClient } from '../support/lspClient';
import { REGISTRY, TempWorkspace } from '../support/tempWorkspace';

const DEPRECATED = 'from app.websocket_core.manager import HeartbeatConfig\n';
const CANONICAL = 'from test_framework.ssot.orchestration_enums import HeartbeatConfig\n';

function applyTo(text: string, change: TextDocumentEdit): string {
  const edits = change.edits.map((e) => ('newText' in e ? e : assert.fail('no snippet edits expected')));
  return TextDocument.applyEdits(TextDocument.create(change.textDocument.uri, 'python', 0, text), edits);
}

describe('workspace migration over stdio (ssotImports/planMigration)', function () {
  let ws: TempWorkspace;
  let client: TestLspClient;
  afterEach(async () => {
    await client?.stop();
    ws.dispose();
  });

  it('plans every fix as one edit grouped by rule, pinning open documents to their version, with progress', async () => {
    ws = new TempWorkspace({
      'ssot-imports.toml': REGISTRY,
      'a.py': DEPRECATED,
      'pkg/b.py': 'import app.agents.execution_engine_consolidated\nfrom app.agents.registry.core import AgentRegistry\n',
      'pkg/clean.py': CANONICAL,
    });
    client = await TestLspClient.start({ rootPath: ws.root });
    const openUri = await client.open(ws.path('a.py'), `# edited, unsaved\n${DEPRECATED}`);
    await client.diagnostics(openUri, (d) => d.length === 1);

    const progress: (WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd)[] = [];
    const token = 'migration-1';
    client.connection.onProgress(WorkDoneProgress.type, token, (value) => {
      progress.push(value);
    });
    const plan = await client.connection.sendRequest(PlanMigrationRequest, { workDoneToken: token });

    assert.deepEqual(
      { filesChecked: plan.filesChecked, filesChanged: plan.filesChanged, fixes: plan.fixes, unfixable: plan.unfixable, skipped: plan.skipped },
      { filesChecked: 3, filesChanged: 2, fixes: 2, unfixable: 1, skipped: [] },
    );
    const changes = plan.edit.documentChanges as TextDocumentEdit[];
    assert.deepEqual(changes.map((c) => [c.textDocument.uri, c.textDocument.version]), [
      [openUri, 1],
      [client.uri(ws.path('pkg/b.py')), null],
    ]);
    assert.equal(applyTo(`# edited, unsaved\n${DEPRECATED}`, changes[0]!), `# edited, unsaved\n${CANONICAL}`);
    assert.equal(applyTo(readFileSync(ws.path('pkg/b.py'), 'utf8'), changes[1]!), 'import app.agents.execution_engine_consolidated\nfrom app.agents.supervisor.registry.core import AgentRegistry\n');
    assert.deepEqual(Object.keys(plan.edit.changeAnnotations ?? {}).sort(), ['app.agents.registry.*', 'app.websocket_core.manager:HeartbeatConfig']);
    assert.equal(plan.edit.changeAnnotations!['app.agents.registry.*']!.needsConfirmation, true);
    assert.equal((progress[0] as WorkDoneProgressBegin).kind, 'begin');
    assert.equal(progress[progress.length - 1]!.kind, 'end');
    assert.equal(readFileSync(ws.path('pkg/b.py'), 'utf8').includes('app.agents.registry.core'), true, 'planning writes nothing');
  });

  it('plans one rule only when asked', async () => {
    ws = new TempWorkspace({ 'ssot-imports.toml': REGISTRY, 'a.py': DEPRECATED, 'b.py': 'from app.agents.registry import X\n' });
    client = await TestLspClient.start({ rootPath: ws.root });
    const plan = await client.connection.sendRequest(PlanMigrationRequest, { rule: 'app.agents.registry.*' });
    assert.deepEqual((plan.edit.documentChanges as TextDocumentEdit[]).map((c) => c.textDocument.uri), [client.uri(ws.path('b.py'))]);
  });

  it('stops when the client cancels', async () => {
    const files: Record<string, string> = { 'ssot-imports.toml': REGISTRY };
    for (let i = 0; i < 400; i++) files[`pkg/m${i}.py`] = DEPRECATED.repeat(20);
    ws = new TempWorkspace(files);
    client = await TestLspClient.start({ rootPath: ws.root });
    const source = new CancellationTokenSource();
    const request = client.connection.sendRequest(PlanMigrationRequest, {}, source.token);
    setTimeout(() => source.cancel(), 20);
    await assert.rejects(request, (e: unknown) => e instanceof ResponseError && e.code === LSPErrorCodes.RequestCancelled);
  });
});
