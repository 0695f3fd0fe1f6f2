// Per-keystroke diagnostic latency through the real language server: `node dist/server.js
// --stdio` spoken to over JSON-RPC as an editor would (cf. test/support/lspClient.ts). Opens a
// 5,000-line file, types single characters into it with incremental didChange notifications,
// and times each one until the publishDiagnostics of that version arrives: what the editor sees.
//
// The server checks a document as soon as a change is applied, unless its last check was slow
// (then it waits CHANGE_DEBOUNCE_MS for a pause in typing: the first keystroke after opening a
// large file). A probe preloaded into the server (scripts/bench/serverProbe.mjs) splits the time
// inside the server from the transport; a wait for a pause, where there was one, is taken out of
// the in-server work. A one-line control file typed into the same way shows the transport cost.
//
// The server may build a workspace index in the background (with LSP progress) when a root is
// first used; every measurement waits until that is done, and the build itself is timed. The
// index cache goes to a fresh folder (SSOT_IMPORTS_CACHE_DIR), so the build is cold every run.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { createInterface } from 'node:readline';
import { clearTimeout, setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './generateMonorepo.mjs';
import { processMemory, round, summary } from './stats.mjs';

const require = createRequire(join(REPO_ROOT, 'package.json'));
const lsp = require('vscode-languageserver-protocol/node');

export const SERVER = join(REPO_ROOT, 'dist', 'server.js');
const PROBE = pathToFileURL(join(REPO_ROOT, 'scripts', 'bench', 'serverProbe.mjs')).href;
const PUBLISH_TIMEOUT_MS = 30_000;
const BROKEN_LINE = 'def half_written(:\n';
const INDEX_WAIT_MS = 300_000;

/** The wait for a pause in typing (slow documents) the running build uses: from the bundle (what runs), else from the source. */
export function serverDebounceMs() {
  for (const file of [SERVER, join(REPO_ROOT, 'src', 'server', 'server.ts')]) {
    try {
      const m = /CHANGE_DEBOUNCE_MS\s*=\s*(\d+)/.exec(readFileSync(file, 'utf8'));
      if (m) return { ms: Number(m[1]), from: file.slice(REPO_ROOT.length + 1) };
    } catch {
      // try the next place
    }
  }
  return { ms: null, from: null };
}

/** A language server child with a client connection, publish waiters and probe records. */
class Session {
  constructor(debounceMs, useProbe, cacheDir) {
    // SSOT_BENCH_NODE_ARGS: extra node options for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
    const extra = (process.env.SSOT_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const args = [...extra, ...(useProbe ? ['--import', PROBE] : []), SERVER, '--stdio'];
    const env = { ...process.env, SSOT_BENCH_DEBOUNCE_MS: String(debounceMs ?? ''), SSOT_IMPORTS_CACHE_DIR: cacheDir };
    this.child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], env });
    this.probe = new Map();
    this.stderr = [];
    this.logs = [];
    this.waiters = new Map();
    /** Progress tokens from create to end, with when they were created and their title. */
    this.progress = new Map();
    this.finishedProgress = [];
    this.connection = lsp.createProtocolConnection(new lsp.StreamMessageReader(this.child.stdout), new lsp.StreamMessageWriter(this.child.stdin));
    createInterface({ input: this.child.stderr }).on('line', (line) => this.onStderr(line));
    this.listen();
  }

  onStderr(line) {
    if (!line.startsWith('SSOT_BENCH_PROBE ')) return void this.stderr.push(line);
    const record = JSON.parse(line.slice('SSOT_BENCH_PROBE '.length));
    this.probe.set(`${record.uri}#${record.version}`, record);
  }

  listen() {
    const c = this.connection;
    c.onNotification(lsp.PublishDiagnosticsNotification.type, (p) => {
      const key = `${p.uri}#${p.version}`;
      this.waiters.get(key)?.({ at: performance.now(), diagnostics: p.diagnostics.length });
      this.waiters.delete(key);
    });
    // a background index reports progress: active from its create request (which comes before
    // the publish of the check that started it) until its end
    c.onRequest(lsp.WorkDoneProgressCreateRequest.type, ({ token }) => void this.progress.set(token, { created: performance.now(), title: null }));
    c.onNotification('$/progress', ({ token, value }) => {
      const entry = this.progress.get(token);
      if (value?.kind === 'begin' && entry) entry.title = value.title;
      if (value?.kind !== 'end') return;
      if (entry) this.finishedProgress.push({ title: entry.title, ms: round(performance.now() - entry.created, 0) });
      this.progress.delete(token);
    });
    c.onNotification(lsp.LogMessageNotification.type, ({ message }) => this.logs.push(message));
    c.onRequest(lsp.RegistrationRequest.type, () => null);
    c.onRequest(lsp.ConfigurationRequest.type, (params) => params.items.map(() => null));
    c.onRequest(lsp.WorkspaceFoldersRequest.type, () => this.folders);
    c.listen();
  }

  async initialize(root) {
    const rootUri = pathToFileURL(root).href;
    this.folders = [{ uri: rootUri, name: 'monorepo' }];
    await this.connection.sendRequest(lsp.InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      workspaceFolders: this.folders,
      capabilities: {
        window: { workDoneProgress: true },
        workspace: { workspaceFolders: true, configuration: false },
        textDocument: { synchronization: { didSave: true }, publishDiagnostics: { versionSupport: true, tagSupport: { valueSet: [1, 2] } } },
      },
    });
    await this.connection.sendNotification(lsp.InitializedNotification.type, {});
  }

  /** Sends a notification and resolves with the send→publish time of `version` (ms). */
  async timed(uri, version, send) {
    const arrived = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} version ${version} within ${PUBLISH_TIMEOUT_MS} ms; server stderr: ${this.stderr.slice(-20).join('\n')}`)), PUBLISH_TIMEOUT_MS);
      this.waiters.set(`${uri}#${version}`, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
    });
    const start = performance.now();
    await send();
    const { at, diagnostics } = await arrived;
    return { ms: at - start, diagnostics };
  }

  async open(path, text) {
    const uri = pathToFileURL(path).href;
    const r = await this.timed(uri, 1, () => this.connection.sendNotification(lsp.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text } }));
    return { uri, ...r };
  }

  /** Types `count` characters at the end of `line` (at `column`), one change per keystroke, from version `first` on. */
  async type(uri, line, column, count, first = 2) {
    const samples = [];
    for (let i = 0; i < count; i++) {
      const version = first + i;
      const position = { line, character: column + i };
      const change = { range: { start: position, end: position }, text: 'abcdefghijklmnopqrstuvwxyz'[i % 26] };
      const r = await this.timed(uri, version, () => this.connection.sendNotification(lsp.DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] }));
      samples.push({ version, ...r, probe: this.probe.get(`${uri}#${version}`) });
    }
    return samples;
  }

  async waitForIdle() {
    const deadline = Date.now() + INDEX_WAIT_MS;
    await sleep(300); // a create request still in the pipe
    while (this.progress.size > 0 && Date.now() < deadline) await sleep(100);
    await sleep(500); // let what the end of the work scheduled (re-checks of open files) settle
    return this.progress.size === 0;
  }

  async stop() {
    const exited = new Promise((resolve) => (this.child.exitCode !== null ? resolve() : this.child.once('exit', resolve)));
    try {
      await Promise.race([this.connection.sendRequest(lsp.ShutdownRequest.type), sleep(3000)]);
      await this.connection.sendNotification(lsp.ExitNotification.type);
    } catch {
      // already gone
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
    this.connection.dispose();
  }
}

/** The comment line nearest the middle of the file: typing there keeps the file valid Python. */
export function typingSpot(text) {
  const lines = text.split('\n');
  const mid = Math.floor(lines.length / 2);
  for (let d = 0; d < mid; d++) {
    for (const i of [mid - d, mid + d]) if (/^\s*# /.test(lines[i] ?? '')) return { line: i, column: lines[i].replace(/\r$/, '').length };
  }
  throw new Error('no comment line to type into');
}

export async function measureEditing({ root, file, edits, controlEdits, useProbe }) {
  const debounce = serverDebounceMs();
  const cacheDir = mkdtempSync(join(tmpdir(), 'ssot-bench-server-cache-'));
  const session = new Session(debounce.ms, useProbe, cacheDir);
  try {
    await session.initialize(root);
    const control = await typeIntoControl(session, root, controlEdits);
    const text = readFileSync(file, 'utf8');
    const opened = await session.open(file, text);
    const idle = await session.waitForIdle();
    const afterOpen = processMemory(session.child.pid);
    const spot = typingSpot(text);
    const samples = await session.type(opened.uri, spot.line, spot.column, edits);
    await sleep(200);
    const afterEdits = processMemory(session.child.pid);
    // the same typing while the file has a syntax error elsewhere (a half-written line at the top),
    // as files often have while being edited: the server reads it whole after each keystroke
    const version = edits + 2;
    const top = { line: 0, character: 0 };
    await session.timed(opened.uri, version, () => session.connection.sendNotification(lsp.DidChangeTextDocumentNotification.type, { textDocument: { uri: opened.uri, version }, contentChanges: [{ range: { start: top, end: top }, text: BROKEN_LINE }] }));
    const brokenSamples = await session.type(opened.uri, spot.line + 1, spot.column + edits, Math.ceil(edits / 2), version + 1);
    return {
      units: { '*Ms': 'ms', '*MB': 'MB (10^6 bytes)', lines: 'lines', diagnostics: 'diagnostics in the last publish' },
      debounce,
      file: file.slice(root.length + 1),
      lines: text.split('\n').length - 1,
      typedAtLine: spot.line + 1,
      openMs: round(opened.ms, 1),
      diagnosticsAfterOpen: opened.diagnostics,
      indexSettled: idle,
      memoryAfterOpen: afterOpen,
      memoryAfterEdits: afterEdits,
      edits: latencies(samples),
      editsWithSyntaxError: { brokenLine: BROKEN_LINE.trim(), ...latencies(brokenSamples) },
      control,
      backgroundWork: session.finishedProgress,
      indexLog: session.logs.filter((l) => /index/i.test(l)).slice(-3),
    };
  } finally {
    await session.stop();
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

/** The same typing into a one-line file: what the transport, timers and a trivial check cost. */
async function typeIntoControl(session, root, count) {
  const path = join(root, 'bench_control_probe.py');
  const opened = await session.open(path, 'value = 1\n# typing here\n');
  // the first check of a root may start the workspace index: type after it is built
  await session.waitForIdle();
  const samples = await session.type(opened.uri, 1, '# typing here'.length, count);
  return latencies(samples);
}

function latencies(samples) {
  const raw = samples.map((s) => s.ms);
  const out = { count: samples.length, rawMs: summary(raw), diagnostics: samples.at(-1)?.diagnostics ?? null };
  // a wait for a pause in typing counts when its timer fired after this change arrived
  const waited = (p) => (p.fired > p.stdin ? p.fired - p.scheduled : 0);
  const probed = samples.filter((s) => s.probe);
  if (probed.length === samples.length && samples.length > 0) {
    out.pausesAwaited = probed.filter((s) => waited(s.probe) > 0).length;
    out.probe = {
      workMs: summary(probed.map((s) => s.probe.published - s.probe.stdin - waited(s.probe))),
      outsideServerMs: summary(probed.map((s) => s.ms - (s.probe.published - s.probe.stdin))),
    };
  }
  return out;
}
