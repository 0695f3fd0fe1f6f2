import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { buildIndex, updateFile } from '../../src/engine/index/buildIndex';
import type { ModuleIndex, ResolveStep } from '../../src/engine/index/moduleIndex';
import { TempWorkspace } from '../support/tempWorkspace';

/** The index of a workspace of these files (real files on disk, real parser, no cache). */
async function indexOf(files: Record<string, string>, roots: string[] = ['']): Promise<{ index: ModuleIndex; ws: TempWorkspace }> {
  const ws = new TempWorkspace(files);
  const { index } = await buildIndex({ root: ws.root, sourceRoots: roots.map((r) => join(ws.root, r)), cache: false, workers: 0 });
  return { index, ws };
}

/** `module:line` of each step, with the file relative to the workspace. */
const chain = (ws: TempWorkspace, steps: ResolveStep[]): string[] =>
  steps.map((s) => `${s.module}${s.name !== undefined ? `:${s.name}` : ''} ${s.file.slice(ws.root.length + 1)}:${s.line} ${s.kind}`);

describe('index: the module index', () => {
  const workspaces: TempWorkspace[] = [];
  afterEach(() => {
    for (const ws of workspaces.splice(0)) ws.dispose();
  });
  const build = async (files: Record<string, string>, roots?: string[]) => {
    const built = await indexOf(files, roots);
    workspaces.push(built.ws);
    return built;
  };

  it('knows file modules, packages and namespace packages', async () => {
    const { index } = await build({
      'app/__init__.py': 'VERSION = 1\n',
      'app/core/__init__.py': '',
      'app/core/config.py': 'class Settings: pass\n',
      'app/core/config.pyi': 'class Settings: ...\n',
      'tools/scripts/run.py': 'def main(): pass\n', // tools and tools.scripts: namespace packages
      'top.py': 'x = 1\n',
    });
    assert.deepEqual(index.modules(), ['app', 'app.core', 'app.core.config', 'tools', 'tools.scripts', 'tools.scripts.run', 'top']);
    assert.equal(index.size, 6);
    assert.equal(index.module('app')!.kind, 'package');
    assert.deepEqual(index.module('app')!.submodules, ['core']);
    assert.equal(index.module('app.core.config')!.kind, 'module');
    assert.deepEqual(index.module('app.core.config')!.files.map((f) => f.slice(-10)), ['/config.py', 'config.pyi'], 'the code, then its stub');
    assert.equal(index.module('tools')!.kind, 'namespace');
    assert.deepEqual(index.module('tools')!.files, []);
    assert.equal(index.module('nope'), undefined);
    for (const m of ['app', 'app.core.config', 'tools', 'tools.scripts', 'top']) assert.ok(index.exists(m), m);
    for (const m of ['app.missing', 'tools.other', 'top.sub', 'os']) assert.ok(!index.exists(m), m);
  });

  it('isFirstParty: the top-level package or module is in the index', async () => {
    const { index } = await build({ 'app/__init__.py': '', 'app/x.py': '', 'single.py': '', 'email/templates/render.py': '', 'logging.py': '' });
    for (const m of ['app', 'app.x', 'app.anything.below', 'single', 'single.sub', 'logging.handlers']) assert.ok(index.isFirstParty(m), m);
    for (const m of ['os', 'requests', 'appx']) assert.ok(!index.isFirstParty(m), m);
    // a namespace folder named like the standard library does not shadow it; a real module file would
    assert.ok(!index.isFirstParty('email.mime'));
  });

  it("binds: 'yes', 'no' or 'unknown'", async () => {
    const { index } = await build({
      'pkg/__init__.py': 'from .impl import Thing\n__all__ = ["Thing", "Lazy"]\n',
      'pkg/impl.py': 'class Thing: pass\n',
      'pkg/sub/__init__.py': '',
      'pkg/plain.py': 'value = 1\n',
      'pkg/open_star.py': 'from os.path import *\n',
      'pkg/open_getattr.py': 'def __getattr__(name): ...\n',
      'ns/mod.py': '',
      'pkg/inner_ns/mod.py': '',
    });
    assert.equal(index.binds('pkg', 'Thing'), 'yes');
    assert.equal(index.binds('pkg', 'impl'), 'yes', 'a submodule counts as bound by its package');
    assert.equal(index.binds('pkg', 'sub'), 'yes');
    assert.equal(index.binds('pkg', 'Lazy'), 'unknown', 'listed in __all__ but not visibly bound');
    assert.equal(index.binds('pkg', 'Other'), 'no');
    assert.equal(index.binds('pkg.plain', 'value'), 'yes');
    assert.equal(index.binds('pkg.plain', 'other'), 'no');
    assert.equal(index.binds('pkg.open_star', 'join'), 'unknown');
    assert.equal(index.binds('pkg.open_getattr', 'anything'), 'unknown');
    assert.equal(index.binds('ns', 'mod'), 'yes', 'a namespace package binds its submodules');
    assert.equal(index.binds('pkg.inner_ns', 'mod'), 'yes');
    assert.equal(index.binds('pkg.inner_ns', 'other'), 'no', 'and nothing else, inside a regular package');
    assert.equal(index.binds('ns', 'other'), 'unknown', 'a top-level namespace package may have portions elsewhere (PEP 420)');
    assert.equal(index.binds('requests', 'get'), 'unknown', 'not in the index');
    assert.equal(index.binds('pkg.missing', 'x'), 'unknown');
  });

  it('knowsSubmodules: regular packages and modules, and namespace packages inside a regular package', async () => {
    const { index } = await build({
      'pkg/__init__.py': '',
      'pkg/mod.py': '',
      'pkg/inner_ns/deeper_ns/mod.py': '',
      'top_ns/sub_ns/mod.py': '',
      'lazy/__init__.py': 'def __getattr__(name): ...\n',
    });
    for (const m of ['pkg', 'pkg.mod', 'pkg.inner_ns', 'pkg.inner_ns.deeper_ns']) assert.ok(index.knowsSubmodules(m), m);
    for (const m of ['top_ns', 'top_ns.sub_ns', 'lazy', 'missing']) assert.ok(!index.knowsSubmodules(m), m);
  });

  it('binds: a .py and its .pyi stub together', async () => {
    const { index } = await build({ 'm.py': 'only_in_code = 1\n', 'm.pyi': 'only_in_stub: int\n' });
    assert.equal(index.binds('m', 'only_in_code'), 'yes');
    assert.equal(index.binds('m', 'only_in_stub'), 'yes');
    assert.equal(index.binds('m', 'neither'), 'no');
  });

  it('definitionsOf: every module binding a name, re-exports marked; modulesNamed', async () => {
    const { index } = await build({
      'a/__init__.py': 'from .models import User\n__all__ = ["User"]\n',
      'a/models.py': 'class User: pass\n',
      'b/models.py': 'User = None\n',
      'c.py': 'def helper(): pass\n',
    });
    const defs = index.definitionsOf('User').map((d) => `${d.module}:${d.line} ${d.kind}${d.reexport ? ' reexport' : ''}${d.inAll ? ' all' : ''}${d.from ? ` <- ${d.from.module}:${d.from.name}` : ''}`);
    assert.deepEqual(defs, ['a:1 import reexport all <- a.models:User', 'a.models:1 class', 'b.models:1 assignment']);
    assert.deepEqual(index.definitionsOf('nothing'), []);
    assert.deepEqual(index.modulesNamed('models'), ['a.models', 'b.models']);
    assert.deepEqual(index.modulesNamed('a'), ['a']);
    assert.deepEqual(index.modulesNamed('zzz'), []);
  });

  it('resolve: follows relative re-export chains to the definition', async () => {
    const { index, ws } = await build({
      'pkg/__init__.py': 'from .api import Client as Client\n',
      'pkg/api/__init__.py': '\n\nfrom .client import Client\n',
      'pkg/api/client.py': 'import os\n\nclass Client:\n    pass\n',
    });
    assert.deepEqual(chain(ws, index.resolve('pkg', 'Client')), [
      'pkg:Client pkg/__init__.py:1 import',
      'pkg.api:Client pkg/api/__init__.py:3 import',
      'pkg.api.client:Client pkg/api/client.py:3 class',
    ]);
    assert.deepEqual(chain(ws, index.resolve('pkg.api.client', 'Client')), ['pkg.api.client:Client pkg/api/client.py:3 class']);
    assert.deepEqual(index.resolve('pkg', 'Missing'), []);
  });

  it('resolve: a submodule, a module alias, a definition preferred over an import, and a way out of the workspace', async () => {
    const { index, ws } = await build({
      'pkg/__init__.py': 'from . import sub\nimport pkg.sub as alias\nfrom json import loads\n',
      'pkg/sub.py': 'try:\n    from fast import thing\nexcept ImportError:\n    def thing(): pass\n',
    });
    assert.deepEqual(chain(ws, index.resolve('pkg', 'sub')), ['pkg.sub pkg/sub.py:1 module']);
    assert.deepEqual(chain(ws, index.resolve('pkg', 'alias')), ['pkg:alias pkg/__init__.py:2 import', 'pkg.sub pkg/sub.py:1 module']);
    assert.deepEqual(chain(ws, index.resolve('pkg.sub', 'thing')), ['pkg.sub:thing pkg/sub.py:4 def']);
    assert.deepEqual(chain(ws, index.resolve('pkg', 'loads')), ['pkg:loads pkg/__init__.py:3 import'], 'ends at the import that leaves the workspace');
  });

  it('resolve: cycles end without looping', async () => {
    const { index, ws } = await build({
      'cyc/__init__.py': '',
      'cyc/a.py': 'from .b import X\n',
      'cyc/b.py': 'from .c import X\n',
      'cyc/c.py': 'from cyc.a import X\n',
      'self_ref.py': 'from self_ref import Y\n',
    });
    assert.deepEqual(chain(ws, index.resolve('cyc.a', 'X')), ['cyc.a:X cyc/a.py:1 import', 'cyc.b:X cyc/b.py:1 import', 'cyc.c:X cyc/c.py:1 import']);
    assert.deepEqual(chain(ws, index.resolve('cyc.c', 'X')), ['cyc.c:X cyc/c.py:1 import', 'cyc.a:X cyc/a.py:1 import', 'cyc.b:X cyc/b.py:1 import']);
    // importing a name from itself defines nothing (and is not mistaken for a submodule)
    assert.deepEqual(index.resolve('self_ref', 'Y'), []);
  });

  it('set / delete keep every structure current, namespace packages included', async () => {
    const { index, ws } = await build({ 'ns/deep/mod.py': 'def f(): pass\n', 'other.py': '' });
    assert.ok(index.exists('ns.deep'));
    const file = ws.path('ns/deep/mod.py');
    assert.ok(index.delete(file));
    assert.ok(!index.delete(file));
    assert.ok(!index.exists('ns.deep.mod') && !index.exists('ns.deep') && !index.exists('ns'), 'empty namespace packages go too');
    assert.deepEqual(index.definitionsOf('f'), []);
    assert.deepEqual(index.modulesNamed('deep'), []);
    assert.deepEqual(index.modules(), ['other']);

    await updateFile(index, ws.path('ns/deep/mod.py'), 'def g(): pass\n');
    await updateFile(index, ws.path('ns/deep/more.py'), 'g = 1\n');
    assert.deepEqual(index.modules(), ['ns', 'ns.deep', 'ns.deep.mod', 'ns.deep.more', 'other']);
    assert.deepEqual(index.definitionsOf('g').map((d) => d.module), ['ns.deep.mod', 'ns.deep.more']);
    // replacing a file's summary drops its old names
    await updateFile(index, ws.path('ns/deep/mod.py'), 'h = 1\n');
    assert.deepEqual(index.definitionsOf('g').map((d) => d.module), ['ns.deep.more']);
    assert.equal(index.binds('ns.deep.mod', 'h'), 'yes');
    assert.equal(index.size, 3);
    index.delete(ws.path('ns/deep/mod.py'));
    assert.deepEqual(index.modules(), ['ns', 'ns.deep', 'ns.deep.more', 'other'], 'the namespace package stays while a file is below it');
    assert.deepEqual(index.module('ns.deep')!.submodules, ['more']);
  });

  it('records modules that exist on disk but are not indexed (git-ignored, compiled, folders without Python files)', async () => {
    const { index } = await build({
      '.gitignore': 'generated_pb2.py\nbuild_out/\n',
      'pkg/__init__.py': '',
      'pkg/generated_pb2.py': 'Message = 1\n',
      'pkg/_speedups.cpython-311-x86_64-linux-gnu.so': '\x7fELF',
      'pkg/templates/page.html': '<html/>',
      'pkg/build_out/thing.py': '',
      'pkg/README.md': '',
    });
    for (const m of ['pkg.generated_pb2', 'pkg._speedups', 'pkg.templates', 'pkg.build_out']) {
      assert.ok(index.exists(m), m);
      assert.equal(index.module(m)!.kind, 'unparsed');
      assert.equal(index.binds(m, 'anything'), 'unknown', m);
    }
    assert.ok(!index.exists('pkg.README'));
    assert.equal(index.size, 1, 'only the parsed file is indexed');
  });

  it('a stub beside a compiled extension: what the stub binds is known, the rest is not', async () => {
    const { index } = await build({ 'pkg/__init__.py': '', 'pkg/_ext.pyi': 'def fast() -> int: ...\n', 'pkg/_ext.abi3.so': '\x7fELF' });
    assert.equal(index.binds('pkg._ext', 'fast'), 'yes');
    assert.equal(index.binds('pkg._ext', 'undocumented'), 'unknown');
  });

  it('uses the deepest source root for module names', async () => {
    const { index } = await build({ 'src/app/__init__.py': '', 'src/app/x.py': 'X = 1\n', 'tests/test_x.py': '' }, ['', 'src']);
    assert.deepEqual(index.modules(), ['app', 'app.x', 'tests', 'tests.test_x']);
  });
});
