import { strict as assert } from 'node:assert';
import { findingsInTree, type CheckContext } from '../../src/engine/check';
import { fixSource } from '../../src/engine/fix/fixSource';
import { createPythonParser, type PythonParser } from '../../src/engine/python/parser';
import { parseRegistry } from '../../src/engine/registry/parse';
import { Registry } from '../../src/engine/registry/registry';
import { matchStrings } from '../../src/engine/strings';
import { REGISTRY } from '../support/tempWorkspace';

const ROOT = '/ws';
const ctx: CheckContext = { registry: new Registry(parseRegistry(REGISTRY, `${ROOT}/ssot-imports.toml`, 'ssot-imports.toml').rules), sourceRoots: [ROOT] };

describe('SSOT004: deprecated dotted paths in strings', () => {
  let parser: PythonParser;
  before(async () => {
    parser = await createPythonParser();
  });
  after(() => parser.delete());

  const found = (source: string) => {
    const tree = parser.parse(source);
    try {
      return matchStrings(tree, { name: 'tests.test_x', isPackage: false }, ctx).map((m) => [m.finding.code, m.finding.message, `${m.finding.range.start.line}:${m.finding.range.start.character}-${m.finding.range.end.character}`]);
    } finally {
      tree.delete();
    }
  };

  it('flags patch targets under a name rule, a module rule and a package rule', () => {
    assert.deepEqual(
      found(
        [
          '@patch("app.websocket_core.manager.HeartbeatConfig.interval")',
          "@mock.patch('app.core.managers.unified_configuration_manager.load')",
          'def test(): unittest.mock.patch.dict("app.agents.registry.core.REGISTRY", {})',
        ].join('\n'),
      ),
      [
        ['SSOT004', "'app.websocket_core.manager.HeartbeatConfig.interval' is deprecated: use 'test_framework.ssot.orchestration_enums.HeartbeatConfig.interval'", '0:8-59'],
        ['SSOT004', "'app.core.managers.unified_configuration_manager.load' is deprecated: use 'app.core.configuration.base.load' — Configuration SSOT (#757)", '1:13-65'],
        ['SSOT004', "'app.agents.registry.core.REGISTRY' is deprecated: use 'app.agents.supervisor.registry.core.REGISTRY'", '2:38-71'],
      ],
    );
  });

  it('flags module strings of import_module and __import__, including paths without replacement', () => {
    assert.deepEqual(found('m = importlib.import_module("app.agents.registry")\nn = __import__(r"app.agents.execution_engine_consolidated")\n').map((f) => f[1]), [
      "'app.agents.registry' is deprecated: use 'app.agents.supervisor.registry'",
      "'app.agents.execution_engine_consolidated' is deprecated and has no replacement",
    ]);
  });

  it('ignores f-strings, bytes, concatenations, other callees, non-path strings, names the rule does not cover, and suppressed lines', () => {
    assert.deepEqual(
      found(
        [
          'patch(f"app.agents.registry.{x}")',
          'patch(b"app.agents.registry.core")',
          'patch("app.agents." "registry.core")',
          'print("app.agents.registry.core")',
          'patch("app.agents.registry core")',
          'patch("app.websocket_core.manager.WebSocketManager")', // the name rule covers HeartbeatConfig only
          'importlib.import_module("app.agents.registry.core.X.Y")',
          'patch("app.agents.registry.core")  # ssot: ignore[SSOT004]',
        ].join('\n'),
      ).map((f) => f[2]),
      ['6:25-53'], // import_module takes the whole string as a module, and the package rule covers it
    );
  });

  it('is part of every check of a file, in document order', () => {
    const tree = parser.parse('import app.agents.registry\npatch("app.agents.registry.X")\n');
    try {
      assert.deepEqual(findingsInTree(tree, undefined, ctx).map((f) => f.code), ['SSOT001', 'SSOT004']);
    } finally {
      tree.delete();
    }
  });

  it('is fixed by rewriting the content only: quotes and prefixes stay', () => {
    const source = "@patch('app.agents.registry.core.X')\n@patch(r\"app.websocket_core.manager.HeartbeatConfig\")\ndef t(): pass\n";
    const fix = fixSource(parser, source, `${ROOT}/tests/test_x.py`, ctx);
    assert.equal(fix.output, "@patch('app.agents.supervisor.registry.core.X')\n@patch(r\"test_framework.ssot.orchestration_enums.HeartbeatConfig\")\ndef t(): pass\n");
    assert.equal(fixSource(parser, fix.output, `${ROOT}/tests/test_x.py`, ctx).edits.length, 0);
  });
});
