/**
 * Deterministic synthetic Python monorepo for the AST-parity bar test.
 *
 * The same seed always writes the same bytes. Files use every import form the matcher must
 * handle (see docs/registry.md), in awkward but legal layouts: CRLF, BOM, tabs, unicode and
 * NFKC-equivalent identifiers, astral characters before an import, semicolons, backslash
 * continuations, parenthesised lists dedented to column 0 inside a function, and import-like text
 * in strings and comments that must not count. Every file is valid Python 3.11.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface WorkspaceOptions {
  /** How many generated modules and tests to write (the fixed skeleton comes on top). */
  files: number;
  seed: number;
}

export function generateWorkspace(dir: string, opts: WorkspaceOptions): void {
  const rng = new Rng(opts.seed);
  const out = new Writer(dir);
  writeSkeleton(out);
  const counters = new Map<Area, number>();
  for (let i = 0; i < opts.files; i++) {
    const area = rng.weighted(AREAS);
    const n = (counters.get(area) ?? 0) + 1;
    counters.set(area, n);
    out.ensurePackage(area.root, area.pkg);
    const stub = area.kind === 'app' && rng.chance(0.03);
    const base = `${area.kind === 'test' ? 'test_' : ''}${rng.pick(area.stems)}_${n}`;
    const path = join(area.root, ...area.pkg, `${base}.${stub ? 'pyi' : 'py'}`);
    const style = randomStyle(rng);
    const ctx: Ctx = { rng, style, pkg: area.pkg, n: 0 };
    out.write(path, render(style, stub ? stubFile(ctx) : area.kind === 'test' ? testFile(ctx) : appFile(ctx)));
  }
}

// ------------------------------------------------------------------------------------------ PRNG

/** mulberry32: tiny, fast and good enough to vary test data. */
class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)] as T;
  }

  weighted<T extends { weight: number }>(xs: readonly T[]): T {
    let r = this.next() * xs.reduce((s, x) => s + x.weight, 0);
    for (const x of xs) if ((r -= x.weight) < 0) return x;
    return xs[xs.length - 1] as T;
  }

  /** A non-empty subset in the original order (no duplicates: a name is listed once). */
  subset<T>(xs: readonly T[], max: number): T[] {
    const keep = xs.filter(() => this.chance(0.5)).slice(0, max);
    return keep.length > 0 ? keep : [this.pick(xs)];
  }
}

// ------------------------------------------------------------------------------------ registry

const REGISTRY = `# SSOT registry of the synthetic monorepo: every moved import path.

[[rule]]
from = "app.core.managers.unified_configuration_manager"
to = "app.core.configuration.base"
message = "Configuration SSOT (#757)"

[[rule]]
from = "app.core.managers.unified_configuration_manager:get_unified_config"
to = "app.core.configuration.base:get_configuration"

[[rule]]
from = "app.websocket_core.manager:HeartbeatConfig"
to = "test_framework.ssot.orchestration_enums:HeartbeatConfig"

[[rule]]
from = "app.websocket_core.manager:WebSocketManager"
to = "app.websocket_core.unified_manager:UnifiedWebSocketManager"
message = "One WebSocket manager per process"

[[rule]]
from = "app.websocket_core.manager:get_websocket_manager"
to = "app.websocket_core.unified_manager"

[[rule]]
from = "app.agents.registry.*"
to = "app.agents.supervisor.registry.*"

[[rule]]
from = "app.agents.registry.plugins.*"
to = "app.plugins.*"
severity = "information"

[[rule]]
from = "app.agents.registry.legacy_loader"
severity = "hint"
message = "Loaders are discovered automatically"

[[rule]]
from = "app.agents.execution_engine_consolidated"
severity = "error"

[[rule]]
from = "app.utils.helpers:retry"
severity = "error"
message = "Use the tenacity decorators"

[[rule]]
from = "app.db.session_factory"
to = "app.db.engine"

[[rule]]
from = "app.compat.six"
to = "six"

[[rule]]
from = "legacy_settings"
to = "app.core.configuration.settings"

[[rule]]
from = "app.données.anciens"
to = "app.données.modèles"
message = "Migration des données ✓"

[[rule]]
from = "app.données.outils:café"
to = "app.données.modèles:crème"

[[rule]]
from = "sharedlib.old_client.*"
to = "sharedlib.client.*"
`;

// ------------------------------------------------------------------------- import vocabulary

/** Modules for `import M`: deprecated ones, their parents and neighbours, and unrelated ones. */
const IMPORTABLE: readonly string[] = [
  'app.core.managers.unified_configuration_manager',
  'app.agents.registry',
  'app.agents.registry.core',
  'app.agents.registry.plugins.loader',
  'app.agents.registry.legacy_loader',
  'app.agents.execution_engine_consolidated',
  'app.db.session_factory',
  'app.compat.six',
  'legacy_settings',
  'app.données.anciens',
  'sharedlib.old_client',
  'sharedlib.old_client.http',
  // not deprecated
  'os',
  'os.path',
  'json',
  'logging',
  'app.core.configuration.base',
  'app.core.managers',
  'app.agents',
  'app.agents.registry_utils',
  'app.agents.supervisor.registry',
  'app.websocket_core.manager',
  'app.plugins.loader',
  'app.données.modèles',
  'sharedlib.client',
];

interface FromSpec {
  module: string;
  names: readonly string[];
}

/** `from M import names`: covers name rules, submodules (step 2) and module rules (step 3). */
const FROM_POOL: readonly FromSpec[] = [
  { module: 'app.core.managers.unified_configuration_manager', names: ['Settings', 'ConfigurationManager', 'Loader', 'get_unified_config', 'DEFAULTS'] },
  { module: 'app.core.managers', names: ['unified_configuration_manager', 'base_manager'] },
  { module: 'app.websocket_core.manager', names: ['HeartbeatConfig', 'WebSocketManager', 'get_websocket_manager', 'ConnectionState', 'MessageType'] },
  { module: 'app.agents.registry', names: ['AgentRegistry', 'register_agent', 'core', 'plugins', 'legacy_loader'] },
  { module: 'app.agents.registry.core', names: ['AgentRegistry', 'RegistryEntry'] },
  { module: 'app.agents.registry.plugins.loader', names: ['PluginLoader'] },
  { module: 'app.agents.registry.legacy_loader', names: ['load_all'] },
  { module: 'app.agents', names: ['registry', 'execution_engine_consolidated', 'supervisor', 'base_agent', 'registry_utils'] },
  { module: 'app.agents.execution_engine_consolidated', names: ['ExecutionEngine', 'run_pipeline'] },
  { module: 'app.utils.helpers', names: ['retry', 'slugify'] },
  { module: 'app.db', names: ['session_factory', 'engine'] },
  { module: 'app.db.session_factory', names: ['SessionFactory', 'get_session'] },
  { module: 'app.compat', names: ['six', 'py3'] },
  { module: 'app.données.anciens', names: ['Entrepôt', 'charger'] },
  { module: 'app.données.outils', names: ['café', 'thé'] },
  { module: 'app.données', names: ['anciens', 'modèles'] },
  { module: 'sharedlib.old_client', names: ['Client', 'http'] },
  { module: 'sharedlib', names: ['old_client', 'client'] },
  // canonical and unrelated
  { module: 'app.core.configuration.base', names: ['Settings', 'get_configuration'] },
  { module: 'app.websocket_core.unified_manager', names: ['UnifiedWebSocketManager', 'get_websocket_manager'] },
  { module: 'test_framework.ssot.orchestration_enums', names: ['HeartbeatConfig', 'ExecutionStrategy'] },
  { module: 'app.agents.supervisor.registry', names: ['AgentRegistry'] },
  { module: 'app.plugins', names: ['loader'] },
  { module: 'typing', names: ['Any', 'Optional', 'TYPE_CHECKING'] },
  { module: 'collections', names: ['OrderedDict', 'defaultdict'] },
  { module: 'tests', names: ['helpers'] },
  { module: 'tests.helpers', names: ['make_settings', 'FakeSocket'] },
];

const WILDCARD_MODULES: readonly string[] = [
  'app.core.managers.unified_configuration_manager',
  'app.agents.registry.core',
  'app.agents.execution_engine_consolidated',
  'app.websocket_core.manager',
  'os.path',
];

const SUPPRESSIONS: readonly string[] = [
  '# ssot: ignore',
  '# ssot: ignore[SSOT001]',
  '# ssot: ignore[SSOT002,SSOT001]',
  '# ssot: ignore[SSOT999]', // another code: does not suppress
  '# noqa: E402  # ssot: ignore',
];

// ----------------------------------------------------------------------------------- layout

interface Area {
  root: string;
  pkg: readonly string[];
  kind: 'app' | 'test';
  stems: readonly string[];
  weight: number;
}

const APP_STEMS = ['handlers', 'models', 'views', 'tasks', 'client', 'schemas', 'routes', 'service'];
const TEST_STEMS = ['registry', 'config', 'websocket', 'engine', 'session', 'flow'];

const AREAS: readonly Area[] = [
  { root: 'src', pkg: ['app', 'services', 'billing'], kind: 'app', stems: APP_STEMS, weight: 10 },
  { root: 'src', pkg: ['app', 'services', 'notifications'], kind: 'app', stems: APP_STEMS, weight: 8 },
  { root: 'src', pkg: ['app', 'api', 'v1'], kind: 'app', stems: APP_STEMS, weight: 8 },
  { root: 'src', pkg: ['app', 'workers'], kind: 'app', stems: APP_STEMS, weight: 6 },
  { root: 'src', pkg: ['app', 'agents', 'supervisor'], kind: 'app', stems: APP_STEMS, weight: 6 },
  // inside deprecated packages: exempt from their own package rule
  { root: 'src', pkg: ['app', 'agents', 'registry'], kind: 'app', stems: APP_STEMS, weight: 2 },
  { root: 'src', pkg: ['app', 'agents', 'registry', 'plugins'], kind: 'app', stems: APP_STEMS, weight: 1 },
  { root: 'src', pkg: ['app', 'données', 'étapes'], kind: 'app', stems: ['préparation', 'export'], weight: 2 },
  { root: 'libs/shared', pkg: ['sharedlib', 'adapters'], kind: 'app', stems: APP_STEMS, weight: 3 },
  { root: 'libs/shared', pkg: ['sharedlib', 'old_client'], kind: 'app', stems: APP_STEMS, weight: 1 },
  { root: '.', pkg: ['tests'], kind: 'test', stems: TEST_STEMS, weight: 3 },
  { root: '.', pkg: ['tests', 'unit', 'services'], kind: 'test', stems: TEST_STEMS, weight: 10 },
  { root: '.', pkg: ['tests', 'unit', 'agents'], kind: 'test', stems: TEST_STEMS, weight: 8 },
  { root: '.', pkg: ['tests', 'integration'], kind: 'test', stems: TEST_STEMS, weight: 6 },
];

const PYPROJECT = `[project]
name = "synthetic-monorepo"
version = "0.0.0"

[tool.pytest.ini_options]
testpaths = ["tests"]
pythonpath = ["src", "libs/shared"]
`;

// .gitignore'd and virtualenv directories: the walker must not report anything in them
const GITIGNORE = `# build output
build/
generated
*.egg-info/
`;

const DEPRECATED_USE = [
  'import app.agents.execution_engine_consolidated',
  'from app.agents.registry import AgentRegistry',
  'from legacy_settings import DEBUG',
];

/** Fixed files: packages, the deprecated modules importing themselves, dirs to skip. */
function writeSkeleton(out: Writer): void {
  out.write('ssot-imports.toml', REGISTRY);
  out.write('pyproject.toml', PYPROJECT);
  out.write('.gitignore', GITIGNORE);
  for (const skipped of ['build/lib/app', 'generated', '.venv/lib/python3.11/site-packages/oldpkg',
    'envs/py311/lib/oldpkg', 'node_modules/pyodide', 'src/app/__pycache__', '.tox/py311', '.mypy_cache/3.11']) {
    out.write(`${skipped}/legacy_use.py`, DEPRECATED_USE.join('\n') + '\n');
  }
  out.write('.venv/pyvenv.cfg', 'home = /usr/bin\n');
  out.write('envs/py311/pyvenv.cfg', 'home = /usr/bin\n'); // a venv under an unusual name
  for (const pkg of [['app', 'core', 'configuration'], ['app', 'core', 'managers'], ['app', 'websocket_core'],
    ['app', 'agents', 'registry', 'plugins'], ['app', 'agents', 'supervisor', 'registry'], ['app', 'db'],
    ['app', 'compat'], ['app', 'utils'], ['app', 'plugins'], ['app', 'données']]) {
    out.ensurePackage('src', pkg);
  }
  out.ensurePackage('libs/shared', ['sharedlib', 'old_client']);
  out.ensurePackage('libs/shared', ['sharedlib', 'client']);
  out.ensurePackage('.', ['test_framework', 'ssot']);
  out.ensurePackage('.', ['tests']);
  for (const [path, text] of Object.entries(SKELETON)) out.write(path, text);
}

const SKELETON: Record<string, string> = {
  'src/app/core/configuration/base.py': 'class Settings:\n    debug = False\n\n\ndef get_configuration() -> Settings:\n    return Settings()\n',
  'src/app/core/managers/unified_configuration_manager.py': [
    '"""Deprecated shim: the legacy implementation may import itself."""',
    'from app.core.configuration.base import Settings, get_configuration',
    'from app.core.managers.unified_configuration_manager import get_unified_config  # self-import',
    'import app.core.managers.unified_configuration_manager',
    '',
    'get_unified_config = get_configuration',
    '',
  ].join('\n'),
  'src/app/websocket_core/manager.py': [
    'from test_framework.ssot.orchestration_enums import HeartbeatConfig',
    'from app.websocket_core.unified_manager import UnifiedWebSocketManager as WebSocketManager',
    'from app.websocket_core.manager import HeartbeatConfig as _Self',
    '',
  ].join('\n'),
  'src/app/websocket_core/manager.pyi': 'from app.websocket_core.manager import WebSocketManager\nfrom app.agents.registry import core\n',
  'src/app/websocket_core/unified_manager.py': 'class UnifiedWebSocketManager:\n    pass\n',
  'src/app/agents/execution_engine_consolidated.py': 'import app.agents.execution_engine_consolidated\nfrom app.agents import execution_engine_consolidated as me\n',
  'src/app/agents/registry/__init__.py': 'from .core import AgentRegistry\nfrom app.agents.registry.core import RegistryEntry\nfrom . import core\n',
  'src/app/agents/registry/legacy_loader.py': 'from . import legacy_loader\nfrom .core import AgentRegistry\n',
  'src/app/agents/registry/plugins/loader.py': 'from ..core import AgentRegistry\nfrom app.agents.registry.plugins import loader\n',
  'src/app/données/anciens.py': 'from app.données.anciens import Entrepôt\nfrom .outils import café\n',
  'src/legacy_settings.py': 'import legacy_settings\nfrom legacy_settings import DEBUG\nDEBUG = False\n',
  'libs/shared/sharedlib/old_client/http.py': 'from . import Client\nfrom sharedlib.old_client import http\n',
  'test_framework/ssot/orchestration_enums.py': 'import enum\n\n\nclass HeartbeatConfig:\n    interval = 30\n\n\nclass ExecutionStrategy(enum.Enum):\n    SEQUENTIAL = 1\n',
  'tests/helpers.py': 'from app.core.configuration.base import Settings\n\n\ndef make_settings() -> Settings:\n    return Settings()\n',
  'tests/conftest.py': 'import pytest\nfrom app.core.managers.unified_configuration_manager import Settings\n',
  // top-level module: no parent package, so relative imports cannot be resolved
  'conftest.py': 'from .app.agents.registry import AgentRegistry\nfrom . import legacy_settings\nimport legacy_settings\n',
  // a path that is no module name: only absolute imports can match
  'scripts/one-off/migrate-data.py': 'from app.agents import registry\nfrom . import legacy_settings\nimport app.compat.six as six\n',
};

// ------------------------------------------------------------------------------------ output

interface Style {
  eol: '\n' | '\r\n';
  bom: boolean;
  indent: string;
}

function randomStyle(rng: Rng): Style {
  return {
    eol: rng.chance(0.12) ? '\r\n' : '\n',
    bom: rng.chance(0.06),
    indent: rng.chance(0.1) ? '\t' : rng.chance(0.1) ? '  ' : '    ',
  };
}

function render(style: Style, lines: string[]): string {
  return (style.bom ? '\ufeff' : '') + lines.join(style.eol) + style.eol;
}

class Writer {
  private readonly dirs = new Set<string>();
  private readonly written = new Set<string>();

  constructor(private readonly dir: string) {}

  write(path: string, text: string): void {
    const full = join(this.dir, path);
    const parent = dirname(full);
    if (!this.dirs.has(parent)) {
      mkdirSync(parent, { recursive: true });
      this.dirs.add(parent);
    }
    writeFileSync(full, text);
    this.written.add(join(path));
  }

  /** An `__init__.py` for the package and each parent, unless one was written already. */
  ensurePackage(root: string, pkg: readonly string[]): void {
    for (let i = 1; i <= pkg.length; i++) {
      const path = join(root, ...pkg.slice(0, i), '__init__.py');
      if (!this.written.has(path)) this.write(path, `"""${pkg.slice(0, i).join('.')} package."""\n`);
    }
  }
}

// ---------------------------------------------------------------------------------- statements

interface Ctx {
  rng: Rng;
  style: Style;
  /** The package of the file being written, for relative imports. */
  pkg: readonly string[];
  /** Counter for unique function and class names. */
  n: number;
}

type Block = (ctx: Ctx, pad: string) => string[];

function alias(rng: Rng, name: string): string {
  return rng.chance(0.25) ? `${name} as ${name}_${rng.pick(['legacy', 'old', 'alias'])}` : name;
}

/** `.x.y` spelling of `module` as seen from the file's package, or null when not relative-able. */
function relativeTo(pkg: readonly string[], module: string, overshoot: boolean): string | null {
  const target = module.split('.');
  let common = 0;
  while (common < pkg.length && common < target.length && pkg[common] === target[common]) common++;
  if (common === 0) return null;
  const level = overshoot ? pkg.length + 1 : pkg.length - common + 1;
  return '.'.repeat(level) + target.slice(common).join('.');
}

function fromModuleText(ctx: Ctx, module: string): string {
  if (!ctx.rng.chance(0.3)) return module;
  return relativeTo(ctx.pkg, module, ctx.rng.chance(0.05)) ?? module;
}

function suppression(ctx: Ctx): string {
  return ctx.rng.chance(0.06) ? `  ${ctx.rng.pick(SUPPRESSIONS)}` : '';
}

function importStmt(ctx: Ctx, pad: string): string[] {
  const count = ctx.rng.chance(0.2) ? ctx.rng.int(2, 3) : 1;
  const mods = Array.from({ length: count }, () => ctx.rng.pick(IMPORTABLE));
  const parts = mods.map((m) => (ctx.rng.chance(0.3) ? `${m} as ${m.split('.').pop()}_mod` : m));
  if (count > 1 && ctx.rng.chance(0.2)) {
    return [`${pad}import ${parts[0]}, \\`, ...parts.slice(1).map((p, i) => `${pad}${ctx.style.indent}${p}${i < parts.length - 2 ? ', \\' : ''}`)];
  }
  return [`${pad}import ${parts.join(', ')}${suppression(ctx)}`];
}

/** A from-import in one of several layouts; `dedent` puts continuation lines at column 0-2. */
function fromStmt(ctx: Ctx, pad: string, dedent = false): string[] {
  const { rng, style } = ctx;
  const spec = rng.pick(FROM_POOL);
  const names = rng.subset(spec.names, 4).map((n) => alias(rng, n));
  const head = `${pad}from ${fromModuleText(ctx, spec.module)} import`;
  const sup = suppression(ctx);
  const cont = dedent ? () => rng.pick(['', ' ', '  ']) : () => pad + style.indent;
  switch (dedent ? 1 : rng.int(0, 4)) {
    case 0:
      return [`${head} ${names.join(', ')}${sup}`];
    case 1: // parenthesised, one name a line, comments and a trailing comma
      return [
        `${head} (${sup}`,
        ...names.map((n) => `${cont()}${n},${rng.chance(0.3) ? '  # keep for now' : ''}`),
        rng.chance(0.5) ? `${cont()})` : `${pad})`,
      ];
    case 2:
      return [`${head} (${names.join(', ')}${rng.chance(0.5) ? ',' : ''})${sup}`];
    case 3: // backslash continuation: no comment may follow the backslash
      return names.length < 2
        ? [`${pad}from \\`, `${pad}${style.indent}${fromModuleText(ctx, spec.module)} import ${names[0]}`]
        : [`${head} ${names[0]}, \\`, `${cont()}${names.slice(1).join(', ')}`];
    default: // comment on a continuation line: it does not suppress anything
      return [`${head} (${names[0]},  # ssot: ignore`, `${cont()}${[...names.slice(1), ''].join(', ')})`];
  }
}

const wildcard: Block = (ctx, pad) => [`${pad}from ${fromModuleText(ctx, ctx.rng.pick(WILDCARD_MODULES))} import *${suppression(ctx)}`];

/** Statements sharing a line, some after text with multi-byte and astral characters. */
const sharedLine: Block = (ctx, pad) => {
  const before = ctx.rng.pick(['import os', 'x = 1', 'label = "café 🚀 naïve"', 's = "# ssot: ignore"', 'π = 3.14']);
  const imp = ctx.rng.chance(0.5) ? importStmt(ctx, '') : fromStmt(ctx, '');
  if (imp.length !== 1) return [`${pad}${before}`, ...imp.map((l) => pad + l)];
  const after = ctx.rng.chance(0.3) ? '; y = "🎉"' : '';
  return imp[0]!.includes('#') ? [`${pad}${before}; ${imp[0]}`] : [`${pad}${before}; ${imp[0]}${after}`];
};

/** Identifiers written in compatibility forms that NFKC folds to registry names. */
const nfkcForms: Block = (ctx, pad) => [ctx.rng.pick([
  `${pad}import ｌｅｇａｃｙ_settings`,
  `${pad}from app.websocket_core.manager import Ｈeartbeatﬁx, ＨeartbeatConfig`,
  `${pad}from app.données.outils import café as ｃａｆé`,
  `${pad}import app.compat.ｓｉｘ as six`,
])];

/** Imports that are only text: strings, docstrings and comments. */
const textOnly: Block = (ctx, pad) => ctx.rng.pick([
  [`${pad}# from app.agents.registry import AgentRegistry`, `${pad}EXAMPLE = "import app.agents.execution_engine_consolidated"`],
  [`${pad}SNIPPET = """`, 'from app.core.managers.unified_configuration_manager import Settings', '    import legacy_settings', '"""'],
  [`${pad}HINT = f"from {__name__} import x"  # import app.compat.six`],
  [`${pad}RAW = r'''from app.websocket_core.manager import HeartbeatConfig'''`],
]);

const filler: Block = (ctx, pad) => {
  const k = ++ctx.n;
  return ctx.rng.pick([
    [`${pad}CONSTANT_${k} = ${k}`],
    [`${pad}def helper_${k}(value):`, `${pad}${ctx.style.indent}return value * ${k}`],
    [`${pad}registry_${k} = {"name": "agent_${k}", "enabled": True}`],
  ]);
};

/** One import statement of any plain form, at `pad`. */
const anyImport: Block = (ctx, pad) => (ctx.rng.chance(0.3) ? importStmt(ctx, pad) : fromStmt(ctx, pad));

function nested(ctx: Ctx, pad: string): string[] {
  const { rng, style } = ctx;
  const inner = pad + style.indent;
  const k = ++ctx.n;
  switch (rng.int(0, 5)) {
    case 0: // the layout tree-sitter mis-parses: continuation lines dedented below the def body
      return [`${pad}def load_${k}():`, ...fromStmt(ctx, inner, true), `${inner}return None`];
    case 1:
      return [`${pad}def build_${k}(config=None):`, `${inner}"""Build it.`, '', 'import legacy_settings', `${inner}"""`, ...anyImport(ctx, inner), `${inner}return config`];
    case 2:
      return [`${pad}class Service${k}:`, ...anyImport(ctx, inner), '', `${inner}def run(self):`, ...anyImport(ctx, inner + style.indent), `${inner + style.indent}return self`];
    case 3:
      return [`${pad}if TYPE_CHECKING:`, ...anyImport(ctx, inner), ...(rng.chance(0.5) ? anyImport(ctx, inner) : [])];
    case 4:
      return [`${pad}try:`, ...anyImport(ctx, inner), `${pad}except ImportError:`, ...anyImport(ctx, inner)];
    default:
      return [`${pad}with open(__file__) as fh_${k}:`, ...anyImport(ctx, inner)];
  }
}

const TOP_LEVEL: readonly { block: Block; weight: number }[] = [
  { block: importStmt, weight: 5 },
  { block: (c, p) => fromStmt(c, p), weight: 10 },
  { block: nested, weight: 6 },
  { block: wildcard, weight: 1 },
  { block: sharedLine, weight: 2 },
  { block: nfkcForms, weight: 0.3 },
  { block: textOnly, weight: 1.5 },
  { block: filler, weight: 3 },
];

function header(ctx: Ctx): string[] {
  const lines: string[] = [];
  if (ctx.rng.chance(0.4)) lines.push('"""Synthetic module.', '', 'Example: from app.agents.registry import AgentRegistry', '"""');
  if (ctx.rng.chance(0.3)) lines.push('from __future__ import annotations');
  // a flagged import on line 1, right after the BOM, where an off-by-one would show
  if (ctx.style.bom && lines.length === 0) lines.push(...anyImport(ctx, ''));
  lines.push('import os', 'from typing import TYPE_CHECKING, Any');
  return lines;
}

function blocks(ctx: Ctx, count: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) lines.push(...ctx.rng.weighted(TOP_LEVEL).block(ctx, ''));
  return lines;
}

function appFile(ctx: Ctx): string[] {
  return [...header(ctx), ...blocks(ctx, ctx.rng.int(4, 12))];
}

function testFile(ctx: Ctx): string[] {
  const { rng, style } = ctx;
  const i1 = style.indent;
  const lines = [...header(ctx), 'import pytest', ...blocks(ctx, rng.int(2, 6)), ''];
  const k = ++ctx.n;
  lines.push(
    '@pytest.mark.parametrize("retries", [0, 1, 3])',
    `def test_retries_${k}(retries):`,
    ...anyImport(ctx, i1),
    `${i1}assert retries >= 0`,
    '',
    `class TestSuite${k}:`,
    ...(rng.chance(0.5) ? anyImport(ctx, i1) : []),
    `${i1}def test_registry(self):`,
    ...anyImport(ctx, i1 + i1),
    `${i1 + i1}assert True`,
    '',
    `${i1}@pytest.mark.parametrize("name,expected", [("a", 1), ("b", 2)])`,
    `${i1}def test_lookup(self, name, expected):`,
    ...nested(ctx, i1 + i1),
    `${i1 + i1}assert name`,
  );
  return lines;
}

function stubFile(ctx: Ctx): string[] {
  return ['from typing import Any', ...anyImport(ctx, ''), ...anyImport(ctx, ''), '', 'def handler(event: Any) -> None: ...'];
}
