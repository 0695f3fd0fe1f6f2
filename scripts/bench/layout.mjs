// The shape of the benchmark monorepo, decided before any file is written: packages, modules and
// the names each defines, tests mirroring the sources, tools, every file's target size, and which
// files are mid-migration. Planning first lets any file import names that really exist elsewhere,
// so the only broken imports are the ones planted on purpose.
import { CANONICAL, MISSING_MODULE_USES, MOVED_NAME_USES, skeletonFiles } from './skeleton.mjs';
import { camel, className, functionName, NOUNS, PACKAGE_WORDS, ROLES } from './pythonSource.mjs';

const DOMAINS = [
  'api', 'billing', 'orders', 'catalog', 'inventory', 'payments', 'users', 'search', 'analytics',
  'ml', 'workers', 'scheduler', 'storage', 'integrations', 'reporting', 'messaging', 'gateway',
  'core', 'shared', 'utils', 'telemetry', 'agents', 'db', 'auth', 'websocket', 'services', 'platform',
];
/** Legacy packages: the generator adds nothing inside them (their files are the deprecated code). */
const CLOSED_PACKAGES = ['acme.agents.registry', 'acme.notifications', 'acme_legacy', 'acme.common'];

const SRC_SHARE = 0.64;
const TEST_SHARE = 0.31; // tools/ get the rest
const MAX_MODULES_PER_PACKAGE = 30;
const HUGE_FILES = 4;
/**
 * Rendered files come out larger than their targets (every module has its imports and
 * definitions however small the target, and the last block overshoots): measured, ~6%.
 */
const RENDER_CALIBRATION = 0.945;

/** Probability that a file imports deprecated paths, by kind (≈12% overall). */
const DEPRECATED_RATE = { module: 0.13, test: 0.17, conftest: 0.3, tool: 0.12, init: 0.02 };

/**
 * @typedef {{ module: string, path: string, exports: string[], movedExports: string[], domain?: string, isPackage: boolean, generated: boolean }} ModuleInfo
 * @typedef {{ path: string, kind: 'skeleton'|'module'|'init'|'test'|'conftest'|'tool', module?: string, pkgParts: string[], text?: string, subject?: ModuleInfo, reexports?: { module: string, names: string[] }[], targetBytes?: number, targetLines?: number, huge?: boolean, deprecated?: boolean, moved?: boolean, missing?: boolean, mention?: boolean, nonAscii?: boolean, crlf?: boolean }} FileSpec
 */

export class Layout {
  constructor() {
    /** @type {FileSpec[]} */
    this.files = [];
    /** @type {Map<string, ModuleInfo>} modules and packages by dotted name */
    this.modules = new Map();
    /** @type {Map<string, { name: string, dir: string, depth: number, modules: number, open: boolean }>} */
    this.packages = new Map();
    this.movedCases = [...MOVED_NAME_USES];
    this.missingCases = [...MISSING_MODULE_USES];
  }

  get pyCount() {
    return this.files.length;
  }

  addFile(spec) {
    this.files.push(spec);
    return spec;
  }

  /** The package `name` in `dir`, with an __init__.py unless it already has one. */
  ensurePackage(name, dir, kind = 'init') {
    const known = this.packages.get(name);
    if (known) return known;
    const parts = name.split('.');
    const pkg = { name, dir, depth: parts.length, modules: 0, open: !isClosed(name) };
    this.packages.set(name, pkg);
    this.modules.set(name, { module: name, path: `${dir}/__init__.py`, exports: [], movedExports: [], domain: parts[1], isPackage: true, generated: kind === 'init' });
    if (kind === 'init') this.addFile({ path: `${dir}/__init__.py`, kind, module: name, pkgParts: parts });
    return pkg;
  }
}

function isClosed(name) {
  return CLOSED_PACKAGES.some((c) => name === c || name.startsWith(c + '.'));
}

/** Dotted module name of a workspace path (source roots: `src/` and the workspace root). */
export function moduleOfPath(path) {
  const rel = path.startsWith('src/') ? path.slice(4) : path;
  const parts = rel.replace(/\.py$/, '').split('/');
  if (parts[parts.length - 1] === '__init__') parts.pop();
  return parts.join('.');
}

export function planLayout(rng, totalPy) {
  const layout = new Layout();
  addSkeleton(layout);
  const generated = totalPy - layout.pyCount;
  planSources(layout, rng, layout.pyCount + Math.round(generated * SRC_SHARE));
  planReexports(layout, rng);
  planTests(layout, rng, layout.pyCount + Math.round(generated * TEST_SHARE));
  planTools(layout, rng, totalPy);
  planHugeFiles(layout, rng);
  planBrokenImports(layout, rng);
  planMigrationState(layout, rng);
  return layout;
}

function addSkeleton(layout) {
  for (const [path, text] of Object.entries(skeletonFiles())) {
    const module = moduleOfPath(path);
    const isPackage = path.endsWith('__init__.py');
    const parts = module.split('.');
    if (isPackage) layout.ensurePackage(module, path.slice(0, -'/__init__.py'.length), 'skeleton');
    else layout.modules.set(module, { module, path, exports: [], movedExports: [], domain: parts[1], isPackage: false, generated: false });
    layout.addFile({ path, kind: 'skeleton', module, pkgParts: isPackage ? parts : parts.slice(0, -1), text });
  }
  for (const { module, names } of CANONICAL) layout.modules.get(module).exports.push(...names);
}

// ------------------------------------------------------------------------------------ sources

function planSources(layout, rng, until) {
  for (const domain of DOMAINS) layout.ensurePackage(`acme.${domain}`, `src/acme/${domain}`);
  const candidates = [...layout.packages.values()].filter((p) => p.open && p.name.startsWith('acme.'));
  while (layout.pyCount < until) {
    const pkg = rng.pick(candidates);
    const full = pkg.modules >= MAX_MODULES_PER_PACKAGE;
    if ((full || rng.chance(0.1)) && pkg.depth < 6) candidates.push(addSubpackage(layout, rng, pkg));
    else if (!full) addModule(layout, rng, pkg);
  }
}

function addSubpackage(layout, rng, parent) {
  // a/internal/internal reads as a generator artefact: no word twice on one path
  const taken = (w) => layout.modules.has(`${parent.name}.${w}`) || parent.name.split('.').includes(w);
  let word = rng.pick(PACKAGE_WORDS);
  while (taken(word)) word = rng.chance(0.5) ? rng.pick(PACKAGE_WORDS) : `${rng.pick(PACKAGE_WORDS)}_${rng.int(2, 99)}`;
  return layout.ensurePackage(`${parent.name}.${word}`, `${parent.dir}/${word}`);
}

function addModule(layout, rng, pkg) {
  let stem = `${rng.pick(NOUNS)}_${rng.pick(ROLES)}`;
  while (layout.modules.has(`${pkg.name}.${stem}`)) stem = `${rng.pick(NOUNS)}_${rng.pick(ROLES)}_${rng.int(2, 99)}`;
  const module = `${pkg.name}.${stem}`;
  const path = `${pkg.dir}/${stem}.py`;
  const exports = new Set();
  const n = rng.int(2, 6);
  while (exports.size < n) exports.add(rng.chance(0.6) ? className(rng) : functionName(rng));
  layout.modules.set(module, { module, path, exports: [...exports], movedExports: [], domain: module.split('.')[1], isPackage: false, generated: true });
  pkg.modules++;
  layout.addFile({ path, kind: 'module', module, pkgParts: module.split('.').slice(0, -1) });
}

/** Generated packages re-export a few names of their modules, as __init__.py files do. */
function planReexports(layout, rng) {
  const children = new Map();
  for (const info of layout.modules.values()) {
    if (!info.generated || info.isPackage) continue;
    const parent = info.module.slice(0, info.module.lastIndexOf('.'));
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(info);
  }
  for (const spec of layout.files) {
    if (spec.kind !== 'init' || !children.has(spec.module) || !rng.chance(0.65)) continue;
    const chosen = rng.some(children.get(spec.module), 3);
    spec.reexports = chosen.map((child) => ({ module: child.module, names: rng.some(child.exports, 3) }));
    layout.modules.get(spec.module).exports.push(...new Set(spec.reexports.flatMap((r) => r.names)));
  }
}

// -------------------------------------------------------------------------------------- tests

function planTests(layout, rng, until) {
  for (const area of ['unit', 'integration', 'e2e']) layout.ensurePackage(`tests.${area}`, `tests/${area}`);
  for (const dir of ['tests', 'tests/unit', 'tests/integration']) addConftest(layout, dir);
  const subjects = [...layout.modules.values()].filter((m) => m.generated && !m.isPackage);
  while (layout.pyCount < until) {
    const subject = rng.pick(subjects);
    const area = rng.chance(0.7) ? 'unit' : rng.chance(0.83) ? 'integration' : 'e2e';
    const parts = subject.module.split('.').slice(1, -1); // acme.<domain>.<sub>.mod → <domain>/<sub>
    let name = `tests.${area}`;
    let dir = `tests/${area}`;
    for (const part of parts) {
      name += `.${part}`;
      dir += `/${part}`;
      if (!layout.packages.has(name)) {
        layout.ensurePackage(name, dir);
        if (name.split('.').length === 3 && rng.chance(0.2)) addConftest(layout, dir);
      }
    }
    let stem = `test_${subject.module.split('.').pop()}${area === 'integration' ? '_flow' : ''}`;
    while (layout.modules.has(`${name}.${stem}`)) stem = `${stem}_${rng.int(2, 9)}`;
    layout.modules.set(`${name}.${stem}`, { module: `${name}.${stem}`, path: `${dir}/${stem}.py`, exports: [], movedExports: [], isPackage: false, generated: true });
    layout.addFile({ path: `${dir}/${stem}.py`, kind: 'test', module: `${name}.${stem}`, pkgParts: name.split('.'), subject });
  }
}

function addConftest(layout, dir) {
  const pkg = dir.split('/').join('.');
  layout.addFile({ path: `${dir}/conftest.py`, kind: 'conftest', module: `${pkg}.conftest`, pkgParts: pkg.split('.') });
}

function planTools(layout, rng, until) {
  layout.ensurePackage('tools', 'tools');
  layout.ensurePackage('tools.migrations', 'tools/migrations');
  for (let i = 1; layout.pyCount < until; i++) {
    const migration = rng.chance(0.5);
    const stem = migration ? `m_${String(i).padStart(4, '0')}_${functionName(rng)}` : `${functionName(rng)}_${i}`;
    const dir = migration ? 'tools/migrations' : 'tools/scripts';
    layout.addFile({ path: `${dir}/${stem}.py`, kind: 'tool', module: `${dir.replace('/', '.')}.${stem}`, pkgParts: dir.split('/') });
  }
}

// -------------------------------------------------------------------------- migration state

/** A few 5,000-line modules: the file the editor benchmark types into is the first. */
function planHugeFiles(layout, rng) {
  const modules = layout.files.filter((f) => f.kind === 'module');
  while (layout.files.filter((f) => f.huge).length < HUGE_FILES) {
    const spec = rng.pick(modules);
    spec.huge = true;
    spec.targetLines = rng.int(5000, 5200);
  }
}

/**
 * Moved names (a module that no longer binds a name another module now defines) and imports of
 * modules that do not exist, on top of the fixed ones of the skeleton. A moved name is defined
 * only in its new module and imported by nobody else, so its old module cannot bind it by accident.
 */
function planBrokenImports(layout, rng) {
  const generated = [...layout.modules.values()].filter((m) => m.generated && !m.isPackage && m.domain && !m.module.startsWith('tests.'));
  const names = new Set([...layout.modules.values()].flatMap((m) => m.exports));
  for (let i = 0; i < 40; i++) {
    const livesIn = rng.pick(generated);
    const from = rng.pick(generated.filter((m) => m.domain === livesIn.domain && m !== livesIn));
    if (!from) continue;
    let name = `${camel(rng.pick(NOUNS))}${camel(rng.pick(['policy', 'resolver', 'adapter', 'settings', 'client']))}V2`;
    while (names.has(name)) name = `${name}x`;
    names.add(name);
    livesIn.movedExports.push(name);
    layout.movedCases.push({ kind: 'from', module: from.module, names: [{ name }], livesIn: livesIn.module });
  }
  const packages = [...layout.packages.values()].filter((p) => p.open && p.name.startsWith('acme.'));
  for (let i = 0; i < 30; i++) {
    const pkg = rng.pick(packages);
    const module = `${pkg.name}.${rng.pick(NOUNS)}_${rng.pick(ROLES)}_v1`;
    if (layout.modules.has(module)) continue;
    layout.missingCases.push(rng.chance(0.7) ? { kind: 'from', module, names: [{ name: className(rng) }] } : { kind: 'import', module });
  }
}

function planMigrationState(layout, rng) {
  for (const spec of layout.files) {
    if (spec.kind === 'skeleton') continue;
    spec.deprecated = spec.huge === true || rng.chance(DEPRECATED_RATE[spec.kind]);
    const body = spec.kind !== 'init';
    spec.moved = body && rng.chance(0.012);
    spec.missing = body && rng.chance(0.006);
    spec.mention = body && rng.chance(0.12);
    spec.nonAscii = rng.chance(0.04);
    spec.crlf = !spec.huge && rng.chance(0.01);
  }
}

// ------------------------------------------------------------------------------------- sizes

/**
 * Target sizes: most modules 2–30 KB (log-normal), 1.5% of 100–500 KB, the 5,000-line ones, and
 * the ordinary sizes scaled so the whole repo comes to about `totalBytes`.
 */
export function planSizes(layout, rng, totalBytes) {
  let fixed = 0;
  const scalable = [];
  for (const spec of layout.files) {
    const size = baseSize(spec, rng);
    if (size.scalable) scalable.push([spec, size.bytes]);
    else fixed += size.bytes;
  }
  const sum = scalable.reduce((s, [, b]) => s + b, 0);
  const scale = Math.max(0.2, (totalBytes * RENDER_CALIBRATION - fixed) / sum);
  for (const [spec, bytes] of scalable) spec.targetBytes = Math.round(bytes * scale);
}

function baseSize(spec, rng) {
  const clip = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
  switch (spec.kind) {
    case 'skeleton': return { bytes: spec.text.length, scalable: false };
    case 'init': return { bytes: 250, scalable: false };
    case 'conftest': return { bytes: (spec.targetBytes = rng.int(2_000, 10_000)), scalable: false };
    case 'module':
      if (spec.huge) return { bytes: 5100 * 38, scalable: false };
      if (rng.chance(0.015)) return { bytes: (spec.targetBytes = Math.round(rng.logUniform(100_000, 480_000))), scalable: false };
      return { bytes: clip(rng.logNormal(10_000, 0.75), 1_500, 90_000), scalable: true };
    case 'test':
      if (rng.chance(0.005)) return { bytes: (spec.targetBytes = Math.round(rng.logUniform(100_000, 300_000))), scalable: false };
      return { bytes: clip(rng.logNormal(6_000, 0.7), 1_000, 80_000), scalable: true };
    default: return { bytes: clip(rng.logNormal(5_000, 0.6), 1_000, 40_000), scalable: true };
  }
}
