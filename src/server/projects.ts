/**
 * The projects (workspace roots with their registry, source roots and settings) that open
 * documents belong to. A document belongs to the innermost workspace folder containing it; a
 * file outside every folder (or a client without folders) uses the nearest registry above it.
 */
import { dirname, relative, isAbsolute } from 'node:path';
import { findProjectRoot, loadProject, type Project } from '../engine/project';
import type { Settings } from './settings';

export interface LoadedProject {
  project: Project;
  settings: Settings;
}

export class Projects {
  private folders: string[] = [];
  private readonly loaded = new Map<string, Promise<LoadedProject>>();
  /** Roots found by searching upwards for files outside every folder, by directory. */
  private readonly looseRoots = new Map<string, Promise<string | undefined>>();

  constructor(private readonly settingsFor: (root: string) => Promise<Settings>) {}

  setFolders(folders: readonly string[]): void {
    this.folders = [...folders].sort((a, b) => b.length - a.length);
  }

  /** Every root in use: the workspace folders and any root found for a file outside them. */
  get roots(): string[] {
    return [...new Set([...this.folders, ...this.loaded.keys()])];
  }

  async rootFor(file: string): Promise<string | undefined> {
    const folder = this.folders.find((f) => contains(f, file));
    if (folder) return folder;
    const dir = dirname(file);
    let root = this.looseRoots.get(dir);
    if (!root) this.looseRoots.set(dir, (root = findProjectRoot(dir)));
    return root;
  }

  async forFile(file: string): Promise<LoadedProject | undefined> {
    const root = await this.rootFor(file);
    return root === undefined ? undefined : this.forRoot(root);
  }

  forRoot(root: string): Promise<LoadedProject> {
    let project = this.loaded.get(root);
    if (!project) this.loaded.set(root, (project = this.load(root)));
    return project;
  }

  /** Forgets `root` (or everything) so the next use reads the registry and settings again. */
  invalidate(root?: string): void {
    if (root === undefined) {
      this.loaded.clear();
      this.looseRoots.clear();
    } else {
      this.loaded.delete(root);
    }
  }

  private async load(root: string): Promise<LoadedProject> {
    const settings = await this.settingsFor(root);
    const project = await loadProject(root, { extraSourceRoots: settings.sourceRoots });
    return { project, settings };
  }
}

function contains(folder: string, file: string): boolean {
  const rel = relative(folder, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
