/**
 * The SSOT Imports language server: diagnostics for deprecated imports in open Python files,
 * and for mistakes in the registry file itself. Works with any LSP client.
 */
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  MessageType,
  ShowMessageNotification,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { byPosition, matchTree, type CheckContext } from '../engine/check';
import { brokenImportsInTree } from '../engine/index/brokenInTree';
import { extractImports } from '../engine/python/imports';
import { importHover } from './hover';
import { WorkspaceIndexes } from './workspaceIndex';
import { codeActions, FIX_ALL_KIND } from './codeActions';
import { planMigration, type MigrationScope } from './migration';
import { PlanMigrationRequest } from '../protocol/migration';
import { CollectRequest } from '../protocol/collect';
import { RulesRequest, type RegistryOfRoot } from '../protocol/rules';
import { listedRule } from '../engine/registry/rules';
import { runCollection } from '../engine/collect';
import { moduleOfFile } from '../engine/modules';
import { readSource } from '../engine/workspace/readSource';
import { createPythonParser, type PythonParser } from '../engine/python/parser';
import { PYPROJECT_FILE, REGISTRY_FILE, type Project } from '../engine/project';
import { brokenToDiagnostic, problemToDiagnostic, REGISTRY_DRIFT, toDiagnostic } from './diagnostics';
import { registryDrift } from '../engine/index/drift';
import { CollectionErrors } from './collectionErrors';
import { CheckScheduler } from './checkScheduler';
import { OpenDocument } from './documents';
import { Projects } from './projects';
import { DEFAULT_SETTINGS, toSettings, type Settings } from './settings';

/** A check of an open document slower than this makes the next one wait for a pause in typing (CheckScheduler). */
const SLOW_CHECK_MS = 20;
/** Quiet time after a keystroke before a slow document is checked again. */
const CHANGE_DEBOUNCE_MS = 150;
/** Quiet time after a change of the index (file events come in bursts) before every open file is checked again. */
const INDEX_CHANGE_DEBOUNCE_MS = 150;
const CONFIG_FILES = new Set([REGISTRY_FILE, PYPROJECT_FILE]);

export function startServer(connection: Connection): void {
  const documents = new Map<string, OpenDocument>();
  const checks = new CheckScheduler(validate, { slowCheckMs: SLOW_CHECK_MS, pauseMs: CHANGE_DEBOUNCE_MS });
  /** Registry files that currently have problems published, by URI. */
  const registryDiagnostics = new Set<string>();
  const fsWatchers: FSWatcher[] = [];
  /** The last collection's errors (SSOT200), shown in open files and published for the others. */
  const collectionErrors = new CollectionErrors();
  const indexes = new WorkspaceIndexes(connection, () => indexChanged());
  let parser: Promise<PythonParser> | undefined;
  let canPullConfiguration = false;
  let canWatchFiles = false;

  const projects = new Projects(async (root) => {
    if (!canPullConfiguration) return DEFAULT_SETTINGS;
    const raw: unknown = await connection.workspace.getConfiguration({ scopeUri: URI.file(root).toString(), section: 'ssotImports' });
    return toSettings(raw);
  });

  let clientHasFolders = false;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    clientHasFolders = params.capabilities.workspace?.workspaceFolders === true;
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const folders = params.workspaceFolders?.map((f) => URI.parse(f.uri).fsPath) ?? (params.rootUri ? [URI.parse(params.rootUri).fsPath] : []);
    projects.setFolders(folders);
    parser = createPythonParser();
    return {
      capabilities: {
        // saves keep the workspace index current for clients that do not watch files
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'ssot-imports', version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    if (canWatchFiles) {
      await connection.client.register(DidChangeWatchedFilesNotification.type, {
        // markdown: the registries a TOML registry lists (filtered against registrySources)
        watchers: [{ globPattern: `**/${REGISTRY_FILE}` }, { globPattern: `**/${PYPROJECT_FILE}` }, { globPattern: '**/*.{md,markdown}' }, { globPattern: '**/*.{py,pyi}' }],
      });
    }
    if (clientHasFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(async () => {
        const folders = (await connection.workspace.getWorkspaceFolders()) ?? [];
        projects.setFolders(folders.map((f) => URI.parse(f.uri).fsPath));
        reloadAll();
      });
    }
    // load every folder now, so a broken registry is reported before any Python file is opened
    await refreshProjects();
  });

  connection.onDidOpenTextDocument(({ textDocument: doc }) => {
    const path = pythonPath(doc.uri, doc.languageId);
    if (path === undefined) return;
    documents.set(doc.uri, OpenDocument.open(doc.uri, doc.languageId, doc.version, doc.text, path));
    void checks.checkNow(doc.uri);
  });

  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    const doc = documents.get(textDocument.uri);
    if (!doc) return;
    doc.update(contentChanges, textDocument.version);
    checks.changed(textDocument.uri);
  });

  connection.onDidCloseTextDocument(({ textDocument }) => {
    const doc = documents.get(textDocument.uri);
    if (!doc) return;
    checks.forget(textDocument.uri);
    doc.dispose();
    documents.delete(textDocument.uri);
    // a closed file keeps the errors pytest found in it (as saved on disk), like an unopened one
    if (collectionErrors.has(doc.path)) void publishCollectionErrors([doc.path]);
    else void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
  });

  connection.onCodeAction(async ({ textDocument, context }) => {
    const doc = documents.get(textDocument.uri);
    if (!doc) return [];
    const loaded = await projects.forFile(doc.path);
    const python = await parser!;
    if (!loaded?.settings.enable || documents.get(textDocument.uri) !== doc) return [];
    const { project, settings } = loaded;
    const index = indexes.get(project.root);
    const actx = { ...(project.registry ? { ctx: contextOf(project, settings) } : {}), ...(index ? { index } : {}), sourceRoots: project.sourceRoots };
    return codeActions(python, actx, { document: doc.text, path: doc.path, diagnostics: context.diagnostics, ...(context.only ? { only: context.only } : {}) });
  });

  connection.onRequest(PlanMigrationRequest, async (params, token) => {
    const python = await parser!;
    const scopes: MigrationScope[] = [];
    for (const root of projects.roots) {
      const { project, settings } = await projects.forRoot(root);
      if (project.registry && settings.enable) scopes.push({ root, ctx: contextOf(project, settings) });
    }
    const open = new Map([...documents.values()].map((d) => [d.path, d.text]));
    return planMigration(python, scopes, (path) => open.get(path), params, connection.window.attachWorkDoneProgress(params.workDoneToken), token);
  });

  connection.onRequest(CollectRequest, async (params, token) => {
    // cancellation from the client (a newer run, or the user) kills pytest's whole process group
    const abort = new AbortController();
    const subscription = token.onCancellationRequested(() => abort.abort());
    try {
      const result = await runCollection({
        python: params.python ?? 'python3',
        paths: params.uris.map((uri) => URI.parse(uri).fsPath),
        signal: abort.signal,
        ...(params.timeoutSeconds !== undefined ? { timeoutMs: params.timeoutSeconds * 1000 } : {}),
      });
      void publishCollectionErrors(collectionErrors.record(result));
      return result;
    } finally {
      subscription.dispose();
    }
  });

  connection.onRequest(RulesRequest, async () => {
    const registries: RegistryOfRoot[] = [];
    for (const root of projects.roots) registries.push(registryOf((await projects.forRoot(root)).project));
    return registries;
  });

  connection.onDidChangeWatchedFiles(async ({ changes }) => {
    if (changes.some((c) => isRegistrySource(URI.parse(c.uri).fsPath))) reloadAll();
    let changed = false;
    for (const change of changes) {
      const path = URI.parse(change.uri).fsPath;
      if (!/\.pyi?$/.test(path)) continue;
      const deleted = change.type === FileChangeType.Deleted;
      if (deleted && collectionErrors.forget(path)) void connection.sendDiagnostics({ uri: change.uri, diagnostics: [] });
      changed = (await indexes.fileChanged(path, deleted)) || changed;
    }
    if (changed) indexChanged();
  });

  connection.onDidSaveTextDocument(async ({ textDocument }) => {
    const doc = documents.get(textDocument.uri);
    if (doc && (await indexes.fileChanged(doc.path, false))) indexChanged();
  });

  connection.onHover(async ({ textDocument, position }) => {
    const doc = documents.get(textDocument.uri);
    if (!doc) return null;
    const loaded = await projects.forFile(doc.path);
    const python = await parser!;
    if (!loaded || documents.get(textDocument.uri) !== doc) return null;
    const { project, settings } = loaded;
    const tree = doc.parse(python);
    return importHover(tree, position, {
      fileModule: moduleOfFile(doc.path, project.sourceRoots),
      ...(project.registry && settings.enable ? { ctx: contextOf(project, settings) } : {}),
      index: indexes.get(project.root),
      canonical: project.canonical,
      root: project.root,
    });
  });

  connection.onDidChangeConfiguration(() => reloadAll());

  connection.onShutdown(() => {
    indexes.dispose();
    checks.dispose();
    clearTimeout(revalidateTimer);
    clearTimeout(reloadTimer);
    for (const watcher of fsWatchers) watcher.close();
    for (const doc of documents.values()) doc.dispose();
    documents.clear();
  });

  /** The index was built or changed: imports may resolve or break anywhere, and the registry may have drifted. */
  function indexChanged(): void {
    revalidateAll();
    void publishRegistryProblems();
  }

  let revalidateTimer: NodeJS.Timeout | undefined;
  /** Re-checks every open file soon (the index changed: any file's imports may now resolve or break). */
  function revalidateAll(): void {
    clearTimeout(revalidateTimer);
    revalidateTimer = setTimeout(() => {
      for (const uri of documents.keys()) void checks.checkNow(uri);
    }, INDEX_CHANGE_DEBOUNCE_MS);
  }

  let reloadTimer: NodeJS.Timeout | undefined;
  /** Re-reads registries and settings (debounced: an editor save fires several events), then re-checks every open file. */
  function reloadAll(): void {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => void refreshProjects(), 50);
  }

  /** Loads every known root afresh, publishes registry problems, then re-checks open files. */
  async function refreshProjects(): Promise<void> {
    const roots = projects.roots;
    projects.invalidate();
    try {
      for (const root of roots) noteProject((await projects.forRoot(root)).project);
      await publishRegistryProblems();
    } catch (e) {
      connection.console.error(`loading the registry failed: ${(e as Error).stack ?? String(e)}`);
    }
    for (const uri of documents.keys()) void checks.checkNow(uri);
  }

  /** Checks an open document and publishes its diagnostics; how long the check took (ms), or undefined when it did not run. */
  async function validate(uri: string): Promise<number | undefined> {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const version = doc.version;
    try {
      const loaded = await projects.forFile(doc.path);
      const python = await parser!;
      if (documents.get(uri) !== doc || doc.version !== version) return undefined; // a newer change will validate
      if (loaded && noteProject(loaded.project)) await publishRegistryProblems();
      if (documents.get(uri) !== doc || doc.version !== version) return undefined;
      const started = performance.now();
      const diagnostics = check(doc, python, loaded?.project, loaded?.settings);
      void connection.sendDiagnostics({ uri, version, diagnostics });
      return performance.now() - started;
    } catch (e) {
      connection.console.error(`checking ${doc.path} failed: ${(e as Error).stack ?? String(e)}`);
      return undefined;
    }
  }

  function check(doc: OpenDocument, python: PythonParser, project: Project | undefined, settings: Settings | undefined): Diagnostic[] {
    const enabled = project !== undefined && settings?.enable === true;
    const registry = enabled && project.registry !== undefined;
    const index = enabled ? indexes.ensure(project) : undefined;
    if (!registry && !index && !collectionErrors.has(doc.path)) return [];
    const tree = doc.parse(python);
    const fileModule = project ? moduleOfFile(doc.path, project.sourceRoots) : undefined;
    const diagnostics: Diagnostic[] = [];
    const { imports, strings } = doc.read(tree);
    const matches = registry ? matchTree(tree, fileModule, contextOf(project, settings), { imports, strings }) : undefined;
    if (matches) diagnostics.push(...[...matches.importMatches, ...matches.stringMatches].map((m) => m.finding).sort(byPosition).map(toDiagnostic));
    if (index) {
      const broken = brokenImportsInTree(tree, imports, fileModule, index, project?.registry, matches?.importMatches);
      diagnostics.push(...broken.map(brokenToDiagnostic));
    }
    // the whole text is joined only for a file whose last collection failed
    if (collectionErrors.has(doc.path)) diagnostics.push(...collectionErrors.diagnostics(doc.path, doc.text.getText(), imports));
    return diagnostics;
  }

  /** SSOT200 after a collection: open files are re-checked, the others get the errors as pytest saw the file. */
  async function publishCollectionErrors(files: readonly string[]): Promise<void> {
    const python = await parser!;
    for (const file of files) {
      const open = [...documents.values()].find((d) => d.path === file);
      if (open) {
        void checks.checkNow(open.uri);
        continue;
      }
      const uri = URI.file(file).toString();
      const source = await readSource(file);
      if (!source.ok) continue;
      const tree = python.parse(source.text);
      try {
        void connection.sendDiagnostics({ uri, diagnostics: collectionErrors.diagnostics(file, source.text, extractImports(tree)) });
      } finally {
        tree.delete();
      }
    }
  }

  /** The markdown files the loaded registries are made of (TOML registries are known by name). */
  const markdownSources = new Set<string>();
  function isRegistrySource(path: string): boolean {
    return CONFIG_FILES.has(basename(path)) || markdownSources.has(path);
  }

  const announced = new WeakSet<Project>();
  /** First use of a freshly loaded project: log it and watch it. False when seen before. */
  function noteProject(project: Project): boolean {
    if (announced.has(project)) return false;
    announced.add(project);
    if (project.registry) connection.console.info(`${project.registryFile}: ${project.registry.size} rules; source roots: ${project.sourceRoots.join(', ')}`);
    else if (!project.registryFile) connection.console.info(`${project.root}: no ${REGISTRY_FILE} and no [tool.ssot-imports] in ${PYPROJECT_FILE}`);
    for (const source of project.registrySources) if (!CONFIG_FILES.has(basename(source))) markdownSources.add(source);
    if (!canWatchFiles) for (const dir of new Set([project.root, ...project.registrySources.map((s) => dirname(s))])) watchWithNode(dir);
    return true;
  }

  const watchedDirs = new Set<string>();
  /** For clients that cannot watch files for us: the folders holding registry files. */
  function watchWithNode(dir: string): void {
    if (watchedDirs.has(dir)) return;
    watchedDirs.add(dir);
    try {
      fsWatchers.push(watch(dir, (_event, name) => name && isRegistrySource(join(dir, name.toString())) && reloadAll()));
    } catch (e) {
      connection.console.warn(`cannot watch ${dir} for registry changes: ${(e as Error).message}`);
    }
  }

  let lastAnnounced = '';
  async function publishRegistryProblems(): Promise<void> {
    const byFile = new Map<string, Diagnostic[]>();
    const messages: string[] = [];
    for (const root of projects.roots) {
      const { project } = await projects.forRoot(root);
      for (const problem of project.problems) {
        const uri = URI.file(problem.file).toString();
        if (!byFile.has(uri)) byFile.set(uri, []);
        byFile.get(uri)!.push(problemToDiagnostic(problem));
        messages.push(`${problem.file}:${problem.line}: ${problem.message}`);
      }
      // drift: warnings in the registry files, not announced (the registry still works)
      const index = indexes.get(root);
      if (index && project.registry) {
        for (const problem of registryDrift(project.registry.rules, project.canonical, index)) {
          const uri = URI.file(problem.file).toString();
          if (!byFile.has(uri)) byFile.set(uri, []);
          byFile.get(uri)!.push({ ...problemToDiagnostic(problem), code: REGISTRY_DRIFT });
        }
      }
    }
    for (const uri of registryDiagnostics) if (!byFile.has(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
    registryDiagnostics.clear();
    for (const [uri, diagnostics] of byFile) {
      registryDiagnostics.add(uri);
      void connection.sendDiagnostics({ uri, diagnostics });
    }
    const summary = messages.join('\n');
    if (summary !== lastAnnounced) {
      lastAnnounced = summary;
      if (messages.length > 0) {
        connection.console.error(`registry problems:\n${summary}`);
        // a notification, not window/showMessageRequest: every client supports it
        void connection.sendNotification(ShowMessageNotification.type, {
          type: MessageType.Error,
          message: `SSOT Imports: the registry has ${messages.length} problem(s); imports are not checked until it is fixed. ${messages[0]}`,
        });
      }
    }
  }

  connection.listen();
}

function registryOf(project: Project): RegistryOfRoot {
  const origin = (o: { file: string; line: number }) => ({ uri: URI.file(o.file).toString(), line: o.line });
  return {
    root: project.root,
    registryFile: project.registryFile ?? null,
    rules: (project.registry?.rules ?? []).map((r) => listedRule(r, origin)),
    canonical: project.canonical.map((c) => ({ module: c.module, name: c.name ?? null, origin: origin(c.origin) })),
    problems: project.problems.filter((p) => p.severity === 'error').length,
  };
}

function contextOf(project: Project, settings: Settings): CheckContext {
  return {
    registry: project.registry!,
    sourceRoots: project.sourceRoots,
    ...(settings.severity ? { severityOverride: settings.severity } : {}),
  };
}

/** The file path of a Python document we check, or undefined (other languages, unsaved buffers). */
function pythonPath(uri: string, languageId: string): string | undefined {
  const parsed = URI.parse(uri);
  if (parsed.scheme !== 'file') return undefined;
  if (languageId !== 'python' && !/\.pyi?$/.test(parsed.fsPath)) return undefined;
  return parsed.fsPath;
}
