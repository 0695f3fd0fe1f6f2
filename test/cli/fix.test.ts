import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REGISTRY, TempWorkspace } from '../support/tempWorkspace';
import { runCli } from './runCli';

const run = (args: string[], cwd: string) => runCli(args, cwd);

const BEFORE = '\uFEFF# header\r\nfrom app.websocket_core.manager import HeartbeatConfig, WebSocketManager\r\n\r\nimport app.agents.execution_engine_consolidated\t \r\n';
const AFTER =
  '\uFEFF# header\r\nfrom app.websocket_core.manager import WebSocketManager\r\nfrom test_framework.ssot.orchestration_enums import HeartbeatConfig\r\n\r\nimport app.agents.execution_engine_consolidated\t \r\n';

describe('ssot-imports fix (CLI)', function () {
  let ws: TempWorkspace;
  afterEach(() => ws?.dispose());

  it('rewrites files in place, keeping BOM, CRLF, whitespace and permissions, and exits 1 for what has no fix', () => {
    ws = new TempWorkspace({ 'ssot-imports.toml': REGISTRY, 'pkg/a.py': BEFORE });
    chmodSync(ws.path('pkg/a.py'), 0o640);
    const { code, stdout, stderr } = run(['fix'], ws.root);
    assert.equal(code, 1, stderr);
    assert.equal(stdout, '');
    assert.equal(readFileSync(ws.path('pkg/a.py'), 'utf8'), AFTER);
    assert.equal(statSync(ws.path('pkg/a.py')).mode & 0o777, 0o640);
    assert.match(stderr, /^Fixed 1 deprecated import in 1 file\.\nLeft without a fix:\npkg\/a\.py:5:8: SSOT001 \[error\]/);
  });

  it('changes nothing the second time, and exits 0 when nothing is left', () => {
    ws = new TempWorkspace({ 'ssot-imports.toml': REGISTRY, 'a.py': 'from app.agents.registry.core import AgentRegistry as R\n' });
    assert.equal(run(['fix'], ws.root).code, 0);
    const once = readFileSync(ws.path('a.py'), 'utf8');
    assert.equal(once, 'from app.agents.supervisor.registry.core import AgentRegistry as R\n');
    const again = run(['fix'], ws.root);
    assert.equal(again.code, 0);
    assert.match(again.stderr, /^Fixed 0 deprecated imports in 0 files\.\n$/);
    assert.equal(readFileSync(ws.path('a.py'), 'utf8'), once);
  });

  it('--diff prints a unified diff, writes nothing, and exits 1 when there is something to fix', () => {
    ws = new TempWorkspace({ 'ssot-imports.toml': REGISTRY, 'pkg/a.py': BEFORE });
    const { code, stdout, stderr } = run(['fix', '--diff'], ws.root);
    assert.equal(code, 1);
    assert.equal(readFileSync(ws.path('pkg/a.py'), 'utf8'), BEFORE);
    assert.match(stdout, /^=+\n--- a\/pkg\/a\.py\n\+\+\+ b\/pkg\/a\.py\n@@ -1,4 \+1,5 @@\n/m);
    assert.ok(stdout.includes('-from app.websocket_core.manager import HeartbeatConfig, WebSocketManager\r\n'), stdout);
    assert.ok(stdout.includes('+from test_framework.ssot.orchestration_enums import HeartbeatConfig\r\n'), stdout);
    assert.match(stderr, /^Would fix 1 deprecated import in 1 file\./);
  });

  it('--rule fixes one rule only, and names the rules when it does not exist', () => {
    ws = new TempWorkspace({
      'ssot-imports.toml': REGISTRY,
      'a.py': 'from app.agents.registry import AgentRegistry\nfrom app.core.managers.unified_configuration_manager import Settings\n',
    });
    assert.equal(run(['fix', '--rule', 'app.agents.registry.*'], ws.root).code, 0);
    assert.equal(readFileSync(ws.path('a.py'), 'utf8'), 'from app.agents.supervisor.registry import AgentRegistry\nfrom app.core.managers.unified_configuration_manager import Settings\n');
    const unknown = run(['fix', '--rule', 'app.nope'], ws.root);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no rule with from = "app\.nope" in the registry; the rules are:\n {2}app\.core\.managers\.unified_configuration_manager\n/);
  });

  it('rejects options that belong to the other command', () => {
    ws = new TempWorkspace({ 'ssot-imports.toml': REGISTRY });
    assert.equal(run(['fix', '--format', 'json'], ws.root).code, 2);
    assert.equal(run(['check', '--diff'], ws.root).code, 2);
  });

  it('fixes the demo monorepo so that its own pytest suite still passes, and a second run changes nothing', function () {
    this.timeout(120_000);
    const demo = mkdtempSync(join(tmpdir(), 'ssot-demo-'));
    try {
      cpSync(join(__dirname, '..', '..', 'examples', 'demo-workspace'), demo, { recursive: true });
      const fix = run(['fix'], demo);
      assert.equal(fix.code, 1, 'the rule without replacement is left');
      assert.match(fix.stderr, /^Fixed 22 deprecated imports in 10 files\./);
      const pytest = spawnSync('/usr/bin/python3', ['-m', 'pytest', '-q', '-p', 'no:cacheprovider'], { cwd: demo, encoding: 'utf8' });
      assert.equal(pytest.status, 0, pytest.stdout + pytest.stderr);
      assert.match(pytest.stdout, /32 passed/);
      assert.match(run(['fix'], demo).stderr, /^Fixed 0 deprecated imports in 0 files\./);
      const left = JSON.parse(run(['check', '--format', 'json'], demo).stdout) as { findings: { message: string }[] };
      assert.deepEqual(new Set(left.findings.map((f) => f.message)), new Set(["'app.agents.execution_engine_consolidated' is deprecated and has no replacement"]));
    } finally {
      rmSync(demo, { recursive: true, force: true });
    }
  });
});
