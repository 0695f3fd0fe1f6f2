import { strict as assert } from 'node:assert';
import { findBrokenImports, type BrokenImport } from '../../src/engine/index/brokenImports';
import { buildIndex } from '../../src/engine/index/buildIndex';
import { guardedImports } from '../../src/engine/index/importGuards';
import type { ModuleIndex } from '../../src/engine/index/moduleIndex';
import { moduleOfFile } from '../../src/engine/modules';
import { extractImports } from '../../src/engine/python/imports';
import { createPythonParser, type PythonParser } from '../../src/engine/python/parser';
import { parseRegistry } from '../../src/engine/registry/parse';
import { Registry } from '../../src/engine/registry/registry';
import { TempWorkspace } from '../support/tempWorkspace';

/** A workspace mid-consolidation: HeartbeatConfig moved out of app.websocket_core.manager. */
const WORKSPACE: Record<string, string> = {
  'app/__init__.py': '',
  'app/websocket_core/__init__.py': '',
  'app/websocket_core/manager.py': 'class WebSocketManager:\n    pass\n',
  // the plain definer, and a longer-pathed second one
  'app/config/heartbeat.py': 'class HeartbeatConfig:\n    pass\n',
  'app/models/deep/beats.py': 'class HeartbeatConfig:\n    pass\n',
  // an __all__ exporter
  'app/config/__init__.py': 'from .heartbeat import HeartbeatConfig\n\n__all__ = ["HeartbeatConfig"]\n',
  // on an SSOT path
  'app/ssot/__init__.py': '',
  'app/ssot/enums.py': 'from app.config.heartbeat import HeartbeatConfig\n',
  // the registry's canonical target (also on an SSOT path)
  'test_framework/__init__.py': '',
  'test_framework/ssot/__init__.py': '',
  'test_framework/ssot/orchestration_enums.py': 'from app.config.heartbeat import HeartbeatConfig\n',
  // another re-exporter
  'app/legacy/compat.py': 'from app.config import HeartbeatConfig\n',
  // re-exports of names from outside the workspace
  'app/typing_helpers.py': 'from typing import Optional\n',
  'app/more_helpers.py': 'from typing import Optional\n',
  // a renamed re-export
  'app/api/__init__.py': 'from ._impl import _Real as Client\n',
  'app/api/_impl.py': 'class _Real:\n    pass\n',
  // modules named "helpers", one defining f
  'app/utils/__init__.py': '',
  'app/core/helpers.py': 'def g(): pass\n',
  'app/legacy/deep/helpers.py': 'def f(): pass\n',
  // the file the tests import from
  'app/agents/__init__.py': '',
  'app/agents/sibling.py': 'x = 1\n',
  // open modules, conditional bindings, a generated module
  'app/open_star.py': 'from os.path import *\n',
  'app/open_getattr.py': 'def __getattr__(name):\n    raise AttributeError(name)\n',
  'app/compat.py': 'try:\n    from ujson import loads\nexcept ImportError:\n    from json import loads\nif TYPE_CHECKING:\n    from typing import Protocol\n',
  // namespace packages: one inside a regular package, one at the top (others may extend it)
  'app/plugins_ns/one.py': '',
  'shared_ns/tools/x.py': '',
  '.gitignore': '*_pb2.py\n',
  'app/messages_pb2.py': 'Msg = 1\n',
};

const REGISTRY_TOML = `[[rule]]
from = "app.websocket_core.manager:HeartbeatConfig"
to = "test_framework.ssot.orchestration_enums:HeartbeatConfig"
`;

describe('index: broken imports (SSOT002, SSOT003)', () => {
  let ws: TempWorkspace;
  let index: ModuleIndex;
  let parser: PythonParser;
  let registry: Registry;
  before(async () => {
    ws = new TempWorkspace(WORKSPACE);
    index = (await buildIndex({ root: ws.root, sourceRoots: [ws.root], cache: false, workers: 0 })).index;
    parser = await createPythonParser();
    const parsed = parseRegistry(REGISTRY_TOML, ws.path('ssot-imports.toml'), 'ssot-imports.toml');
    assert.deepEqual(parsed.problems, []);
    registry = new Registry(parsed.rules);
  });
  after(() => {
    parser.delete();
    ws.dispose();
  });

  /** The broken imports of `text` as the file `rel` of the workspace. */
  function check(text: string, rel = 'app/agents/worker.py', withRegistry = true): BrokenImport[] {
    const tree = parser.parse(text);
    try {
      const fileModule = moduleOfFile(ws.path(rel), [ws.root]);
      return findBrokenImports(extractImports(tree), fileModule, index, withRegistry ? registry : undefined, { guarded: guardedImports(tree) });
    } finally {
      tree.delete();
    }
  }

  /** `code line:col-col message` of each finding. */
  const fmt = (findings: BrokenImport[]) =>
    findings.map((f) => `${f.code} ${f.range.start.line}:${f.range.start.character}-${f.range.end.character} ${f.message}`);
  const candidates = (f: BrokenImport | undefined) => f!.candidates.map((c) => `${c.module}${c.name !== undefined ? `:${c.name}` : ''} ${c.reason}`);

  describe('SSOT002: a name the module does not bind', () => {
    it('reports the name, says where it lives, and ranks the candidates', () => {
      const findings = check('from app.websocket_core.manager import HeartbeatConfig, WebSocketManager\n');
      assert.deepEqual(fmt(findings), [
        "SSOT002 0:39-54 'HeartbeatConfig' is not defined in 'app.websocket_core.manager': it lives in 'test_framework.ssot.orchestration_enums', 'app.config' and 4 more",
      ]);
      assert.deepEqual(candidates(findings[0]), [
        'test_framework.ssot.orchestration_enums registry',
        'app.config all',
        'app.ssot.enums canonical-path',
        'app.config.heartbeat definition',
        'app.models.deep.beats definition',
        'app.legacy.compat reexport',
      ]);
      const [finding] = findings;
      assert.equal(finding!.severity, 'error');
      assert.equal(finding!.module, 'app.websocket_core.manager');
      assert.equal(finding!.item!.name, 'HeartbeatConfig');
      assert.equal(finding!.statement.kind, 'from');
    });

    it('without a registry, the __all__ exporter comes first', () => {
      const [finding] = check('from app.websocket_core.manager import HeartbeatConfig\n', undefined, false);
      assert.deepEqual(candidates(finding).slice(0, 3), ['app.config all', 'app.ssot.enums canonical-path', 'test_framework.ssot.orchestration_enums canonical-path']);
    });

    it('never suggests the importing module itself', () => {
      const [finding] = check('from app.websocket_core.manager import HeartbeatConfig\n', 'app/ssot/enums.py');
      assert.ok(!finding!.candidates.some((c) => c.module === 'app.ssot.enums'));
    });

    it('a renamed re-export: the definition under its own name, then the re-exporter', () => {
      const findings = check('from app.websocket_core.manager import Client as C\n');
      assert.deepEqual(candidates(findings[0]), ['app.api._impl:_Real definition', 'app.api reexport']);
      assert.match(findings[0]!.message, /it lives in 'app\.api\._impl' \(as '_Real'\) and 'app\.api'$/);
    });

    it('a name that only comes from outside the workspace: that module, not every module that imports it', () => {
      const findings = check('from app.websocket_core.manager import Optional\n');
      assert.deepEqual(candidates(findings[0]), ['typing definition']);
      assert.equal(findings[0]!.message, "'Optional' is not defined in 'app.websocket_core.manager': it lives in 'typing'");
    });

    it('a name that is a module elsewhere: its parent package', () => {
      assert.deepEqual(candidates(check('from app.websocket_core.manager import helpers\n')[0]), ['app.core same-name', 'app.legacy.deep same-name']);
    });

    it('a name defined nowhere', () => {
      assert.deepEqual(fmt(check('from app.websocket_core.manager import Nowhere\n')), [
        "SSOT002 0:39-46 'Nowhere' is not defined in 'app.websocket_core.manager' and is not defined anywhere in the workspace",
      ]);
      assert.deepEqual(check('from app.websocket_core.manager import Nowhere\n')[0]!.candidates, []);
    });

    it('resolves relative imports first', () => {
      assert.deepEqual(fmt(check('from .sibling import y\nfrom . import nothing_here\n')), [
        "SSOT002 0:21-22 'y' is not defined in 'app.agents.sibling' and is not defined anywhere in the workspace",
        "SSOT002 1:14-26 'nothing_here' is not defined in 'app.agents' and is not defined anywhere in the workspace",
      ]);
    });
  });

  describe('SSOT003: a module that does not exist', () => {
    it('import a.b: the first missing module, with modules of the same final name, shortest first', () => {
      const findings = check('import app.utils.helpers\n');
      assert.deepEqual(fmt(findings), ["SSOT003 0:7-24 No module named 'app.utils.helpers'"]);
      assert.deepEqual(candidates(findings[0]), ['app.core.helpers same-name', 'app.legacy.deep.helpers same-name']);
      assert.equal(findings[0]!.missing, 'app.utils.helpers');
      assert.equal(findings[0]!.item!.name, 'app.utils.helpers');
    });

    it('from a.b import names: the module span; modules binding every name first', () => {
      const findings = check('from app.utils.helpers import f\n');
      assert.deepEqual(fmt(findings), ["SSOT003 0:5-22 No module named 'app.utils.helpers'"]);
      assert.deepEqual(candidates(findings[0]), ['app.legacy.deep.helpers same-name', 'app.core.helpers same-name']);
      assert.equal(findings[0]!.item, undefined);
    });

    it('names the first missing segment of a longer path', () => {
      const findings = check('import app.gone.helpers\nfrom app.nothing.deeper import x\n');
      assert.deepEqual(fmt(findings), ["SSOT003 0:7-23 No module named 'app.gone'", "SSOT003 1:5-23 No module named 'app.nothing'"]);
      assert.deepEqual(candidates(findings[0]), ['app.core.helpers same-name', 'app.legacy.deep.helpers same-name'], 'modules named like the last segment, when none fits the whole path');
    });

    it('relative imports resolve first', () => {
      assert.deepEqual(fmt(check('from .gone import x\n')), ["SSOT003 0:5-10 No module named 'app.agents.gone'"]);
    });

    it('inside a namespace package of a regular package', () => {
      assert.deepEqual(fmt(check('import app.plugins_ns.two\nfrom app.plugins_ns import three\n')), [
        "SSOT003 0:7-25 No module named 'app.plugins_ns.two'",
        "SSOT002 1:27-32 'three' is not defined in 'app.plugins_ns' and is not defined anywhere in the workspace",
      ]);
    });

    it('suggests the registry target of a deprecated module first', () => {
      const toml = '[[rule]]\nfrom = "app.utils.helpers"\nto = "app.legacy.deep.helpers"\n';
      const rules = new Registry(parseRegistry(toml, ws.path('ssot-imports.toml'), 'ssot-imports.toml').rules);
      const tree = parser.parse('import app.utils.helpers\n');
      const [finding] = findBrokenImports(extractImports(tree), undefined, index, rules);
      tree.delete();
      assert.deepEqual(candidates(finding), ['app.legacy.deep.helpers registry', 'app.core.helpers same-name']);
    });
  });

  describe('no false positives', () => {
    const clean = (text: string, rel?: string) => assert.deepEqual(fmt(check(text, rel)), [], text);

    it('standard library and third-party imports', () => {
      clean('import os\nimport os.path\nfrom os.path import join, nothing\nimport requests.adapters\nfrom requests import get\nimport email.mime\n');
    });

    it('__future__ imports', () => clean('from __future__ import annotations, nonsense\n'));

    it('open modules', () => clean('from app.open_star import anything\nfrom app.open_getattr import lazy_thing\n'));

    it('submodules: from pkg import sub, from . import x, import pkg.sub', () => {
      clean('from app import websocket_core\nfrom app.websocket_core import manager\nfrom . import sibling\nfrom .. import agents\nimport app.websocket_core.manager\n');
    });

    it('names bound conditionally (try / except ImportError, if TYPE_CHECKING)', () => clean('from app.compat import loads, Protocol\n'));

    it('imports guarded by except ImportError', () => {
      clean('try:\n    from app.websocket_core.manager import Missing\n    import app.not_there\nexcept ImportError:\n    Missing = None\n');
      clean('def f():\n    try:\n        from app.gone import x\n    except (OSError, ModuleNotFoundError):\n        pass\n');
    });

    it('but not imports after a handler for other errors, or in the handler', () => {
      assert.equal(check('try:\n    from app.gone import x\nexcept KeyError:\n    pass\n').length, 1);
      assert.equal(check('try:\n    pass\nexcept ImportError:\n    from app.gone import x\n').length, 1);
    });

    it('relative imports above the source root', () => clean('from .... import x\nfrom ....gone import y\n'));

    it('modules on disk that are not indexed (git-ignored, generated)', () => {
      clean('from app.messages_pb2 import Msg\nimport app.messages_pb2\nfrom app.messages_pb2.inner import y\n');
    });

    it('wildcard imports', () => clean('from app.websocket_core.manager import *\n'));

    it('top-level namespace packages, which other distributions may extend', () => {
      clean('import shared_ns.other\nfrom shared_ns import more\nfrom shared_ns.other import y\n');
    });

    it('# ssot: ignore, and ignore[SSOT002] / ignore[SSOT003]', () => {
      clean('from app.websocket_core.manager import HeartbeatConfig  # ssot: ignore\n');
      clean('from app.websocket_core.manager import HeartbeatConfig  # ssot: ignore[SSOT002]\n');
      clean('import app.gone  # ssot: ignore[SSOT003]\nfrom app.gone import x  # ssot: ignore[SSOT003]\n');
      assert.equal(check('from app.websocket_core.manager import HeartbeatConfig  # ssot: ignore[SSOT001]\n').length, 1);
      assert.equal(check('import app.gone  # ssot: ignore[SSOT002]\n').length, 1);
    });
  });

  it('severities can be set per code', () => {
    const tree = parser.parse('import app.gone\nfrom app.websocket_core.manager import Nowhere\n');
    const findings = findBrokenImports(extractImports(tree), undefined, index, undefined, { severity: { SSOT003: 'warning' } });
    tree.delete();
    assert.deepEqual(findings.map((f) => `${f.code} ${f.severity}`), ['SSOT003 warning', 'SSOT002 error']);
  });
});
