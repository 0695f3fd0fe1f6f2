/**
 * Sanity test of the bar-test oracle itself (test/oracle/expected_findings.py): a tiny
 * workspace whose findings were worked out by hand from docs/registry.md.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const ORACLE = resolve(__dirname, '..', 'oracle', 'expected_findings.py');

const REGISTRY = `
[[rule]]
from = "app.config.legacy"
to = "app.config.base"
message = "Config SSOT"

[[rule]]
from = "app.ws.manager:OldManager"
to = "app.ws.unified:Manager"

[[rule]]
from = "app.agents.registry.*"
to = "app.agents.supervisor.registry.*"

[[rule]]
from = "app.agents.engine_old"
severity = "error"
`;

const FILES: Record<string, string> = {
  'ssot-imports.toml': REGISTRY,
  'app/agents/x.py': [
    'import app.config.legacy as cfg',
    'from app.ws.manager import OldManager as M, Other',
    'from .registry import AgentRegistry',
    'from . import engine_old',
    'from app.agents.registry.core import *',
    'import app.config.legacy  # ssot: ignore',
    'import app.config.legacy  # ssot: ignore[SSOT999]',
    's = "é🚀"; import app.config.legacy',
    'import app.config.ｌｅｇａｃｙ',
    'from ... import nothing',
    '',
  ].join('\n'),
  // inside the deprecated package / module: exempt
  'app/agents/registry/core.py': 'from app.agents.registry import base\nfrom .base import Thing\n',
  'app/config/legacy.py': 'import app.config.legacy\n',
  // a BOM is not part of the first line
  'tests/test_bom.py': '\ufefffrom app.config import legacy\n',
  // skipped directories
  '.venv/pyvenv.cfg': '',
  '.venv/lib/x.py': 'import app.config.legacy\n',
  'node_modules/x.py': 'import app.config.legacy\n',
};

const CONFIG = "'app.config.legacy' is deprecated: import 'app.config.base' — Config SSOT";

function finding(file: string, line: number, column: number, endColumn: number, message: string, severity = 'warning') {
  return { file, line, column, endLine: line, endColumn, code: 'SSOT001', severity, message };
}

const EXPECTED = {
  version: 1,
  findings: [
    finding('app/agents/x.py', 1, 8, 25, CONFIG),
    finding('app/agents/x.py', 2, 28, 38, "'app.ws.manager.OldManager' is deprecated: import 'Manager' from 'app.ws.unified'"),
    finding('app/agents/x.py', 3, 6, 15, "'app.agents.registry' is deprecated: import 'AgentRegistry' from 'app.agents.supervisor.registry'"),
    finding('app/agents/x.py', 4, 15, 25, "'app.agents.engine_old' is deprecated and has no replacement", 'error'),
    finding('app/agents/x.py', 5, 6, 30, "'app.agents.registry.core' is deprecated: import '*' from 'app.agents.supervisor.registry.core'"),
    finding('app/agents/x.py', 7, 8, 25, CONFIG),
    finding('app/agents/x.py', 8, 18, 35, CONFIG), // code points: é and 🚀 count one each
    finding('app/agents/x.py', 9, 8, 25, CONFIG), // NFKC: fullwidth letters are `legacy`
    finding('tests/test_bom.py', 1, 24, 30, "'app.config.legacy' is deprecated: import 'base' from 'app.config' — Config SSOT"),
  ],
};

/** Registry in pyproject.toml, a pytest `pythonpath` source root, a .gitignore'd directory. */
const PYPROJECT_FILES: Record<string, string> = {
  'pyproject.toml': [
    '[tool.pytest.ini_options]',
    'pythonpath = ["lib"]',
    '',
    '[[tool.ssot-imports.rule]]',
    'from = "shared.old.*"',
    'to = "shared.new.*"',
    '',
  ].join('\n'),
  '.gitignore': 'out/\n',
  'out/x.py': 'import shared.old\n',
  'lib/shared/old/x.py': 'from . import y\nimport shared.old\n',
  'lib/shared/api.py': 'from .old import thing\nfrom . import old\n',
};

const PYPROJECT_EXPECTED = {
  version: 1,
  findings: [
    finding('lib/shared/api.py', 1, 6, 10, "'shared.old' is deprecated: import 'thing' from 'shared.new'"),
    finding('lib/shared/api.py', 2, 15, 18, "'shared.old' is deprecated: import 'new' from 'shared'"),
  ],
};

describe('bar: the oracle itself', function () {
  const dirs: string[] = [];

  function oracleOn(files: Record<string, string>): unknown {
    const dir = mkdtempSync(join(tmpdir(), 'ssot-oracle-'));
    dirs.push(dir);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const r = spawnSync('/usr/bin/python3', [ORACLE, dir], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout);
  }

  after(function () {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('reports exactly the hand-computed findings', function () {
    assert.deepStrictEqual(oracleOn(FILES), EXPECTED);
  });

  it('reads the registry and source roots from pyproject.toml and honours .gitignore', function () {
    assert.deepStrictEqual(oracleOn(PYPROJECT_FILES), PYPROJECT_EXPECTED);
  });
});
