/**
 * The first-party modules of one workspace and the names each binds: answers "does `from X
 * import Y` work?" and "where does Y live?" without touching the disk.
 *
 * Kept current one file at a time (`set` / `delete`), so the language server can apply file
 * events; every structure is updated incrementally, never rebuilt.
 */
import type { Binding, BindingKind, ImportSource, OpenReason } from './bindings';
import { STDLIB_MODULES } from './stdlib';
import type { FileSummary } from './summary';

export type Binds = 'yes' | 'no' | 'unknown';

/** One module that binds a name (from `definitionsOf`). */
export interface Definition {
  module: string;
  file: string;
  /** 1-based. */
  line: number;
  kind: BindingKind;
  /** Bound by an import: the module re-exports a name defined elsewhere (`from`). */
  reexport: boolean;
  from?: ImportSource;
  /** The module's `__all__` lists the name. */
  inAll: boolean;
}

/** One step of a re-export chain (from `resolve`). */
export interface ResolveStep {
  module: string;
  /** The name in that module; absent when the step is the module itself. */
  name?: string;
  file: string;
  /** 1-based; 1 for a module step. */
  line: number;
  /** 'module' when the name is a submodule or an `import a.b as c` alias of one. */
  kind: BindingKind | 'module';
}

export type ModuleKind = 'module' | 'package' | 'namespace' | 'unparsed';

export interface IndexedModule {
  name: string;
  /**
   * 'namespace': a folder with Python files below it but no `__init__`; 'unparsed': present on
   * disk but not indexed (git-ignored, a compiled extension, a folder without Python files).
   */
  kind: ModuleKind;
  /** Files defining the module: usually one, or a `.py` and its `.pyi`; none for namespace and unparsed modules. */
  files: string[];
  summaries: FileSummary[];
  /** Set when a missing name must never be reported in it. */
  open?: OpenReason;
  /** Last segments of its direct submodules and subpackages, sorted. */
  submodules: string[];
}

interface ModuleNode {
  files: Set<string>;
  /** Number of (file or unparsed) entries strictly below this module. */
  descendants: number;
  children: Set<string>;
  unparsed: boolean;
}

interface NameEntry {
  file: string;
  binding: Binding;
}

export class ModuleIndex {
  private readonly summaries = new Map<string, FileSummary>();
  private readonly nodes = new Map<string, ModuleNode>();
  /**
   * Inverted index: name → the files binding it (a file's preferred binding of it:
   * preferredBinding). A lone file is kept as is: most names are bound in one file, and an array
   * per name (with room to grow) was a fifth of the index's memory.
   */
  private readonly byName = new Map<string, string | string[]>();
  /** Last segment → modules of that final name. */
  private readonly byLastSegment = new Map<string, Set<string>>();

  /** The source roots the module names were computed with (for `updateFile`). */
  constructor(readonly sourceRoots: readonly string[] = []) {}

  private changes = 0;

  /** Counts every change (set, delete, addUnparsed): what was computed from the index at one version still holds at the same version. */
  get version(): number {
    return this.changes;
  }

  /** Number of indexed files. */
  get size(): number {
    return this.summaries.size;
  }

  /** Adds or replaces a file's summary. */
  set(file: string, summary: FileSummary): void {
    this.changes++;
    this.delete(file);
    this.summaries.set(file, summary);
    const node = this.attach(summary.module);
    node.files.add(file);
    for (const name of namesOf(summary)) {
      const files = this.byName.get(name);
      if (files === undefined) this.byName.set(name, file);
      else if (typeof files === 'string') this.byName.set(name, [files, file]);
      else files.push(file);
    }
  }

  delete(file: string): boolean {
    const summary = this.summaries.get(file);
    if (!summary) return false;
    this.changes++;
    this.summaries.delete(file);
    for (const name of namesOf(summary)) {
      const kept = filesBinding(this.byName.get(name)).filter((f) => f !== file);
      if (kept.length > 1) this.byName.set(name, kept);
      else if (kept.length === 1) this.byName.set(name, kept[0]!);
      else this.byName.delete(name);
    }
    this.nodes.get(summary.module)?.files.delete(file);
    this.release(summary.module);
    return true;
  }

  /**
   * Records a module present on disk but not indexed: a git-ignored or generated file, a compiled
   * extension, a folder without Python files. It exists; what it binds is unknown.
   */
  addUnparsed(module: string): void {
    const node = this.nodes.get(module);
    if (node?.unparsed) return;
    this.changes++;
    this.attach(module).unparsed = true;
  }

  /** The summary stored for `file`. */
  summaryOf(file: string): FileSummary | undefined {
    return this.summaries.get(file);
  }

  /** Every indexed file and its summary. */
  files(): IterableIterator<[string, FileSummary]> {
    return this.summaries.entries();
  }

  /** Every module that exists: file modules, packages, namespace packages, unparsed ones; sorted. */
  modules(): string[] {
    return [...this.nodes.keys()].sort();
  }

  module(name: string): IndexedModule | undefined {
    const node = this.nodes.get(name);
    if (!node) return undefined;
    const files = [...node.files].sort(stubsLast);
    const summaries = files.map((f) => this.summaries.get(f)!);
    const kind: ModuleKind = summaries.length > 0 ? (summaries.some((s) => s.isPackage) ? 'package' : 'module') : node.unparsed ? 'unparsed' : 'namespace';
    const open = summaries.find((s) => s.open)?.open;
    return { name, kind, files, summaries, ...(open ? { open } : {}), submodules: [...node.children].sort() };
  }

  exists(module: string): boolean {
    return this.nodes.has(module);
  }

  /**
   * Whether the module's top-level package is the workspace's own. A top-level namespace
   * package named like a standard-library module does not count: the standard library wins.
   */
  isFirstParty(module: string): boolean {
    const dot = module.indexOf('.');
    const top = dot < 0 ? module : module.slice(0, dot);
    const node = this.nodes.get(top);
    return node !== undefined && (node.files.size > 0 || !STDLIB_MODULES.has(top));
  }

  /**
   * Whether `from module import name` finds `name`: 'unknown' when the module is not indexed,
   * is open, is (partly) unparsed, lists the name in `__all__` without a visible binding, or is a
   * namespace package that other installed distributions may extend.
   */
  binds(module: string, name: string): Binds {
    const node = this.nodes.get(module);
    if (!node) return 'unknown';
    // the import system falls back to the submodule `module.name`
    if (node.children.has(name)) return 'yes';
    if (node.files.size === 0 && !node.unparsed) return this.knowsSubmodules(module) ? 'no' : 'unknown';
    let unknown = node.unparsed;
    for (const file of node.files) {
      const summary = this.summaries.get(file)!;
      if (summary.bindings.some((b) => b.name === name)) return 'yes';
      if (summary.open || summary.all?.includes(name)) unknown = true;
    }
    return unknown ? 'unknown' : 'no';
  }

  /**
   * Whether every submodule of `module` is in the index, so a missing one is really missing:
   * not for unparsed or open modules, nor for a namespace package under namespace packages only
   * (PEP 420: other distributions may add portions of it; a regular package's `__path__` is its
   * own folder alone).
   */
  knowsSubmodules(module: string): boolean {
    const node = this.nodes.get(module);
    if (!node || node.unparsed) return false;
    if (node.files.size > 0) return ![...node.files].some((f) => this.summaries.get(f)!.open);
    for (let parent = module; parent.includes('.'); ) {
      parent = parent.slice(0, parent.lastIndexOf('.'));
      if ((this.nodes.get(parent)?.files.size ?? 0) > 0) return true;
    }
    return false;
  }

  /** Every module that binds `name` at module level, by module name. */
  definitionsOf(name: string): Definition[] {
    return filesBinding(this.byName.get(name))
      .map((file): Definition => {
        const summary = this.summaries.get(file)!;
        const binding = preferredBinding(bindingsByName(summary).get(name)!);
        return {
          module: summary.module,
          file,
          line: binding.line,
          kind: binding.kind,
          reexport: binding.kind === 'import',
          ...(binding.from ? { from: binding.from } : {}),
          inAll: summary.all?.includes(name) ?? false,
        };
      })
      .sort((a, b) => compare(a.module, b.module) || stubsLast(a.file, b.file));
  }

  /** Modules whose last segment is `lastSegment`, shortest (fewest segments) first. */
  modulesNamed(lastSegment: string): string[] {
    return [...(this.byLastSegment.get(lastSegment) ?? [])].sort(byPathLength);
  }

  /**
   * The re-export chain of `name` in `module`, ending at its definition: each step is a module
   * that binds it, the last one defines it (or is the submodule it names). When the chain leaves
   * the workspace or loops, it ends at the last import followed. Empty when `module` does not
   * bind `name` as far as the index knows.
   */
  resolve(module: string, name: string): ResolveStep[] {
    const chain: ResolveStep[] = [];
    const visited = new Set<string>();
    let current: ImportSource | undefined = { module, name };
    while (current) {
      const key: string = `${current.module}\0${current.name ?? ''}`;
      if (visited.has(key)) break;
      visited.add(key);
      if (current.name === undefined) {
        const target = this.moduleStep(current.module);
        if (target) chain.push(target);
        break;
      }
      const found = this.bindingIn(current.module, current.name);
      if (!found) {
        const submodule = this.moduleStep(`${current.module}.${current.name}`);
        if (submodule) chain.push(submodule);
        break;
      }
      chain.push({ module: current.module, name: current.name, file: found.file, line: found.binding.line, kind: found.binding.kind });
      current = found.binding.kind === 'import' ? found.binding.from : undefined;
    }
    return chain;
  }

  /**
   * The binding of `name` in `module`, preferring a definition over an import, and ignoring a
   * package's `from . import name` of its own submodule (resolved as the submodule instead).
   */
  private bindingIn(module: string, name: string): NameEntry | undefined {
    const node = this.nodes.get(module);
    if (!node) return undefined;
    let found: NameEntry | undefined;
    for (const file of node.files.size > 1 ? [...node.files].sort(stubsLast) : node.files) {
      for (const binding of bindingsByName(this.summaries.get(file)!).get(name) ?? []) {
        if (binding.kind === 'import' && binding.from?.module === module && binding.from.name === name) continue;
        if (binding.kind !== 'import') return { file, binding };
        found ??= { file, binding };
      }
    }
    return found;
  }

  private moduleStep(module: string): ResolveStep | undefined {
    const file = [...(this.nodes.get(module)?.files ?? [])].sort(stubsLast)[0];
    return file ? { module, file, line: 1, kind: 'module' } : undefined;
  }

  /** The node of `module`, creating it and its ancestors, and counting one more entry below each ancestor. */
  private attach(module: string): ModuleNode {
    const segments = module.split('.');
    let node: ModuleNode | undefined;
    for (let i = 1; i <= segments.length; i++) {
      const name = segments.slice(0, i).join('.');
      const parent = node;
      node = this.nodes.get(name);
      if (!node) {
        node = { files: new Set(), descendants: 0, children: new Set(), unparsed: false };
        this.nodes.set(name, node);
        const last = segments[i - 1]!;
        let named = this.byLastSegment.get(last);
        if (!named) this.byLastSegment.set(last, (named = new Set()));
        named.add(name);
        parent?.children.add(last);
      }
      if (i < segments.length) node.descendants++;
    }
    return node!;
  }

  /** Uncounts one entry of `module` in its ancestors, removing the nodes left with nothing in or below them. */
  private release(module: string): void {
    const segments = module.split('.');
    for (let i = segments.length; i >= 1; i--) {
      const name = segments.slice(0, i).join('.');
      const node = this.nodes.get(name);
      if (!node) continue;
      if (i < segments.length) node.descendants--;
      if (node.files.size > 0 || node.unparsed || node.descendants > 0) continue;
      this.nodes.delete(name);
      const last = segments[i - 1]!;
      const named = this.byLastSegment.get(last);
      named?.delete(name);
      if (named?.size === 0) this.byLastSegment.delete(last);
      if (i > 1) this.nodes.get(segments.slice(0, i - 1).join('.'))?.children.delete(last);
    }
  }
}

const byNameOf = new WeakMap<FileSummary, Map<string, Binding[]>>();

/**
 * A summary's bindings by name, in source order (made once per summary: `binds` and `resolve`
 * ask for one name at a time, thousands of times per check).
 */
function bindingsByName(summary: FileSummary): Map<string, Binding[]> {
  let byName = byNameOf.get(summary);
  if (!byName) {
    byNameOf.set(summary, (byName = new Map<string, Binding[]>()));
    for (const binding of summary.bindings) {
      const list = byName.get(binding.name);
      if (list) list.push(binding);
      else byName.set(binding.name, [binding]);
    }
  }
  return byName;
}

/** The files of a byName entry. */
function filesBinding(entry: string | string[] | undefined): readonly string[] {
  return entry === undefined ? [] : typeof entry === 'string' ? [entry] : entry;
}

/** The distinct names a summary binds (not cached: bindingsByName keeps a map per summary asked about). */
function namesOf(summary: FileSummary): Set<string> {
  return new Set(summary.bindings.map((b) => b.name));
}

/** Of a file's bindings of one name (in source order), the one that defines it: the first that is not an import, else the first. */
function preferredBinding(bindings: readonly Binding[]): Binding {
  return bindings.find((b) => b.kind !== 'import') ?? bindings[0]!;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `.py` before `.pyi`: the code that runs, then its stub. */
function stubsLast(a: string, b: string): number {
  return Number(a.endsWith('.pyi')) - Number(b.endsWith('.pyi')) || compare(a, b);
}

/** Fewest segments first, then shortest, then alphabetical: the "shortest module path" order. */
export function byPathLength(a: string, b: string): number {
  return a.split('.').length - b.split('.').length || a.length - b.length || compare(a, b);
}
