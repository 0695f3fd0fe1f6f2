/**
 * A real LSP client for tests: spawns dist/server.js --stdio and speaks JSON-RPC to it, the way
 * Neovim or Helix would. It records every published diagnostic so tests can wait for them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  FileChangeType,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ConfigurationRequest,
  ShowMessageNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

export const SERVER = join(__dirname, '..', '..', 'dist', 'server.js');

export interface ClientOptions {
  rootPath: string;
  /** Answer to `workspace/configuration` for section ssotImports; omit to not advertise the capability. */
  settings?: Record<string, unknown>;
  /** Advertise dynamic registration of file watchers (as VS Code does). */
  watchFiles?: boolean;
}

export class TestLspClient {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly registrations: string[] = [];
  readonly messages: string[] = [];
  private waiters: (() => void)[] = [];
  private versions = new Map<string, number>();

  private constructor(
    private readonly child: ChildProcess,
    readonly connection: ProtocolConnection,
  ) {}

  static async start(options: ClientOptions): Promise<TestLspClient> {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stderr.on('data', (d: Buffer) => process.stderr.write(`[server stderr] ${d.toString()}`));
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new TestLspClient(child, connection);
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      client.published.push(params);
      client.notify();
    });
    connection.onNotification(ShowMessageNotification.type, (params) => {
      client.messages.push(params.message);
    });
    connection.onRequest(RegistrationRequest.type, (params) => {
      client.registrations.push(...params.registrations.map((r) => r.method));
    });
    connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => options.settings ?? null));
    connection.listen();

    const capabilities: ClientCapabilities = {
      workspace: {
        configuration: options.settings !== undefined,
        didChangeWatchedFiles: { dynamicRegistration: options.watchFiles === true },
        workspaceFolders: true,
      },
      textDocument: { publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] }, versionSupport: true } },
    };
    const rootUri = pathToFileURL(options.rootPath).href;
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      capabilities,
      workspaceFolders: [{ uri: rootUri, name: 'ws' }],
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  uri(path: string): string {
    return pathToFileURL(path).href;
  }

  async open(path: string, text: string): Promise<string> {
    const uri = this.uri(path);
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text } });
    return uri;
  }

  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async fileChanged(path: string): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: this.uri(path), type: FileChangeType.Changed }] });
  }

  /** Waits for diagnostics of `uri` that satisfy `accept` (newest first), failing after `timeoutMs`. */
  async diagnostics(uri: string, accept: (d: Diagnostic[], p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 10_000): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    let seen = 0;
    for (;;) {
      for (; seen < this.published.length; seen++) {
        const p = this.published[seen]!;
        if (p.uri === uri && accept(p.diagnostics, p)) return p.diagnostics;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        const last = [...this.published].reverse().find((p) => p.uri === uri);
        throw new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; last published: ${JSON.stringify(last?.diagnostics ?? 'none')}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Forgets diagnostics received so far, so the next wait sees only new ones. */
  reset(): void {
    this.published.length = 0;
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return resolve();
      this.child.once('exit', () => resolve());
    });
    try {
      // a server that died never answers: do not wait for it
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), exited]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // already gone
    }
    await new Promise<void>((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return resolve();
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.connection.dispose();
  }

  get exitCode(): number | null {
    return this.child.exitCode;
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
