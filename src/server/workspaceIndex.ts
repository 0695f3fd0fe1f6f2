/**
 * One workspace index per project root for SSOT002/SSOT003 and hovers: built in the background
 * when a root is first used (progress in the client; the cache makes later starts fast), kept
 * current from file events and saves, and rebuilt when the source roots change. Until a root's
 * index is ready its files simply get no SSOT002/SSOT003 diagnostics.
 */
import type { Connection } from 'vscode-languageserver';
import { buildIndex, updateFile } from '../engine/index/buildIndex';
import type { ModuleIndex } from '../engine/index/moduleIndex';
import type { Project } from '../engine/project';
import { readSource } from '../engine/workspace/readSource';
import { collectGarbage } from './memory';

interface RootIndex {
  sourceRoots: string;
  index?: ModuleIndex;
  abort: AbortController;
  built: Promise<void>;
}

export class WorkspaceIndexes {
  private readonly roots = new Map<string, RootIndex>();

  constructor(
    private readonly connection: Connection,
    /** Called when a root's index is (re)built: its open files are checked again. */
    private readonly onReady: (root: string) => void,
  ) {}

  /** The index of `project`, starting its build (or a rebuild, when its source roots changed). */
  ensure(project: Project): ModuleIndex | undefined {
    const key = project.sourceRoots.join('\n');
    const current = this.roots.get(project.root);
    if (current?.sourceRoots === key) return current.index;
    current?.abort.abort();
    const entry: RootIndex = { sourceRoots: key, abort: new AbortController(), built: Promise.resolve() };
    entry.built = this.build(project, entry);
    this.roots.set(project.root, entry);
    return undefined;
  }

  get(root: string): ModuleIndex | undefined {
    return this.roots.get(root)?.index;
  }

  /** Settles when the root's build in flight (if any) has ended. */
  whenBuilt(root: string): Promise<void> {
    return this.roots.get(root)?.built ?? Promise.resolve();
  }

  /** A Python file changed, appeared or went away on disk: update every index that holds it. */
  async fileChanged(path: string, deleted: boolean): Promise<boolean> {
    const indexes = [...this.roots.values()].flatMap((entry) => (entry.index ? [entry.index] : []));
    if (indexes.length === 0) return false;
    const source = deleted ? undefined : await readSource(path); // once, whatever the number of roots
    let changed = false;
    for (const index of indexes) {
      if (!source?.ok) changed = index.delete(path) || changed;
      else changed = (await updateFile(index, path, source.text)) !== undefined || changed;
    }
    return changed;
  }

  dispose(): void {
    for (const entry of this.roots.values()) entry.abort.abort();
    this.roots.clear();
  }

  private async build(project: Project, entry: RootIndex): Promise<void> {
    const progress = await this.connection.window.createWorkDoneProgress();
    progress.begin('SSOT Imports: indexing', 0, project.root, false);
    let reported = 0;
    try {
      const { index, stats } = await buildIndex({
        root: project.root,
        sourceRoots: project.sourceRoots,
        // the server needs the index, not every file's imports (it parses the open files)
        keepFacts: false,
        signal: entry.abort.signal,
        onProgress: (done, total) => {
          const percentage = total === 0 ? 100 : Math.floor((100 * done) / total);
          if (percentage < reported + 5 && done !== total) return;
          reported = percentage;
          progress.report(percentage, `${done} of ${total} files`);
        },
      });
      if (entry.abort.signal.aborted) return;
      entry.index = index;
      const collecting = performance.now();
      collectGarbage();
      this.connection.console.info(
        `${project.root}: indexed ${index.size} modules from ${stats.files} files in ${stats.ms} ms (${stats.fromCache} from the cache, ${stats.parsed} parsed, ${stats.workers} workers${stats.skipped.length > 0 ? `, ${stats.skipped.length} skipped` : ''}); garbage collected in ${Math.round(performance.now() - collecting)} ms`,
      );
      this.onReady(project.root);
    } catch (e) {
      if (!entry.abort.signal.aborted) this.connection.console.error(`indexing ${project.root} failed: ${(e as Error).stack ?? String(e)}`);
    } finally {
      progress.done();
    }
  }
}
