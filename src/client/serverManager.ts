import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { LanguageClient, State } from 'vscode-languageclient/node';
import { CLIENT_NAME } from './config';
import { ClientParts, createLanguageClient, describeError } from './languageClient';
import { ServerStatus } from './statusText';

/**
 * Owns the language client: starts it, restarts it (a fresh client each time, so a rebuilt
 * server bundle is picked up and a failed client is never reused), stops it, and tells the user
 * once, clearly, when the server cannot run.
 */
export class ServerManager implements vscode.Disposable {
  private parts: ClientParts | undefined;
  private stateListener: vscode.Disposable | undefined;
  /** Start / restart / stop run one after the other. */
  private queue: Promise<void> = Promise.resolve();
  private firstStart: Promise<void> | undefined;
  private status: ServerStatus = 'stopped';
  private disposed = false;
  /** Texts of the failure notifications on screen: the same one is not shown twice. */
  private readonly openNotifications = new Set<string>();
  /** Set by the error handler before the client reports the resulting `Stopped` state. */
  private gaveUp = false;
  /** doStart() is waiting for the client: it reports a failed start itself. */
  private inStart = false;
  private exitedWhileStarting = false;
  private readonly statusEmitter = new vscode.EventEmitter<ServerStatus>();

  readonly onDidChangeStatus = this.statusEmitter.event;

  constructor(
    private readonly serverModule: string,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  get client(): LanguageClient | undefined {
    return this.parts?.client;
  }

  get serverStatus(): ServerStatus {
    return this.status;
  }

  /** Settles when the first start attempt has finished (successfully or not). */
  ready(): Promise<void> {
    return this.firstStart ?? this.queue;
  }

  start(): Promise<void> {
    const p = this.enqueue(() => this.doStart());
    this.firstStart ??= p;
    return p;
  }

  restart(): Promise<void> {
    return this.enqueue(async () => {
      this.output.info('Restarting the language server…');
      await this.doStop('starting');
      await this.doStart();
    });
  }

  stop(): Promise<void> {
    return this.enqueue(() => this.doStop('stopped'));
  }

  private enqueue(op: () => Promise<void>): Promise<void> {
    const next = this.queue.then(op, op);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private setStatus(status: ServerStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.statusEmitter.fire(status);
  }

  private async doStart(): Promise<void> {
    if (this.disposed || this.parts) return;
    this.gaveUp = false;
    if (!fs.existsSync(this.serverModule)) {
      this.setStatus('failed');
      this.fail(
        `cannot find the language server at ${this.serverModule}. Reinstall the extension (or, from a source checkout, run \`npm run build\`).`,
      );
      return;
    }
    this.setStatus('starting');
    this.output.info(`Starting the language server: ${this.serverModule}`);
    const parts = createLanguageClient(this.serverModule, this.output, {
      onGaveUp: (reason) => {
        this.gaveUp = true;
        this.setStatus('failed');
        this.fail(reason);
      },
      onRestarting: () => this.setStatus('starting'),
      onExitedWhileStarting: () => {
        this.exitedWhileStarting = true;
      },
    });
    this.parts = parts;
    this.stateListener = parts.client.onDidChangeState(({ newState }) => this.onClientState(parts.client, newState));
    this.inStart = true;
    try {
      await parts.client.start();
      this.output.info('The language server is running.');
      this.setStatus('running');
    } catch (error) {
      this.setStatus('failed');
      this.fail(
        this.exitedWhileStarting
          ? 'the language server exited while starting (see the output for its error)'
          : `the language server failed to start: ${describeError(error)}`,
      );
    } finally {
      this.inStart = false;
      this.exitedWhileStarting = false;
    }
  }

  private onClientState(client: LanguageClient, state: State): void {
    if (this.parts?.client !== client) return;
    switch (state) {
      case State.Starting:
        this.setStatus('starting');
        break;
      case State.Running:
        this.setStatus('running');
        break;
      case State.StartFailed:
        // the library's automatic restart after a crash failed (a failure of our own start()
        // is reported by doStart)
        if (!this.inStart) {
          this.setStatus('failed');
          this.fail('the language server crashed and could not be restarted (see the output for its error)');
        }
        break;
      case State.Stopped:
        // Stopped before an automatic restart (status already 'starting'), after giving up
        // ('failed'), or because we stopped it (the listener is removed first).
        if (this.gaveUp) this.setStatus('failed');
        break;
    }
  }

  /** `then`: the status to show meanwhile and after ('starting' while restarting). */
  private async doStop(then: ServerStatus): Promise<void> {
    this.setStatus(then);
    const parts = this.parts;
    this.parts = undefined;
    this.stateListener?.dispose();
    this.stateListener = undefined;
    if (parts) {
      try {
        // dispose() stops a running server (shutdown + exit) and kills the process in any state
        await parts.client.dispose(2000);
      } catch (error) {
        // e.g. "Client is not running" after a failed start: the process is terminated anyway
        this.output.debug(`Stopping the language server: ${describeError(error)}`);
      } finally {
        parts.watcher.dispose();
      }
    }
  }

  /** Log the failure and notify the user (unless the same notification is still on screen). */
  private fail(reason: string): void {
    const message = `${CLIENT_NAME}: ${reason}`;
    this.output.error(message);
    if (this.disposed || this.openNotifications.has(message)) return;
    this.openNotifications.add(message);
    const showOutput = 'Show Output';
    void vscode.window.showErrorMessage(message, showOutput).then(
      (choice) => {
        this.openNotifications.delete(message);
        if (choice === showOutput) this.output.show(true);
      },
      () => this.openNotifications.delete(message),
    );
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true; // no start after this, and no more notifications
    await this.stop();
    this.statusEmitter.dispose();
  }
}
