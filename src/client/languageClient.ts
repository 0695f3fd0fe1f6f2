import * as vscode from 'vscode';
import {
  CloseAction,
  CloseHandlerResult,
  ErrorAction,
  ErrorHandler,
  ErrorHandlerResult,
  LanguageClient,
  LanguageClientOptions,
  Message,
  RevealOutputChannelOn,
  ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';
import { pinToVersion } from './versionedFixes';
import { CLIENT_ID, CLIENT_NAME, CONFIG_SECTION, SERVER_DEBUG_PORT, WATCHED_FILES_GLOB } from './config';

/**
 * A LanguageClient that logs its errors to the output channel but never pops a notification of
 * its own: the ServerManager decides what the user is told (one clear message with a
 * "Show Output" button instead of the library's several generic ones).
 */
class SsotLanguageClient extends LanguageClient {
  // (the base method's third parameter, showNotification, is deliberately ignored)
  override error(message: string, data?: unknown): void {
    // After a failed start the library tries to stop the half-started client, which it cannot,
    // and logs that with a stack trace; the server process is killed all the same.
    if (message === 'Stopping server failed' && this.state !== State.Running) {
      this.outputChannel.debug(`${message}: ${describeError(data)}`);
      return;
    }
    super.error(message, data, false);
  }
}

/** What the client reports to its owner when the connection breaks. */
export interface ConnectionEvents {
  /** The server stopped unexpectedly and will not be restarted automatically. */
  onGaveUp(reason: string): void;
  /** The server stopped unexpectedly and the client restarts it. */
  onRestarting(): void;
  /** The server exited before it finished starting; the start fails, without automatic restarts. */
  onExitedWhileStarting(): void;
}

/**
 * Wraps the library's default error handler (restart up to 4 times in 3 minutes) and marks
 * every outcome as handled, reporting it to `events` instead.
 */
function errorHandler(getClient: () => LanguageClient, events: ConnectionEvents): ErrorHandler {
  let defaultHandler: ErrorHandler | undefined;
  const fallback = (): ErrorHandler => (defaultHandler ??= getClient().createDefaultErrorHandler(4));
  return {
    async error(error: Error, message: Message | undefined, count: number | undefined): Promise<ErrorHandlerResult> {
      const result = await fallback().error(error, message, count);
      if (result.action === ErrorAction.Shutdown) {
        const reason = `the connection to the language server keeps failing (${error.message}); it was shut down`;
        events.onGaveUp(reason);
        return { action: ErrorAction.Shutdown, message: 'The connection to the server keeps failing; shutting it down.', handled: true };
      }
      return { ...result, handled: true };
    },
    async closed(): Promise<CloseHandlerResult> {
      if (getClient().state === State.Starting) {
        // A server that dies while starting would only die again: the library would restart it
        // 4 times within a second and then fail anyway. Fail the start now instead.
        events.onExitedWhileStarting();
        return {
          action: CloseAction.DoNotRestart,
          message: 'The connection closed while the server was starting; it is not restarted automatically.',
          handled: true,
        };
      }
      const result = await fallback().closed();
      if (result.action === CloseAction.DoNotRestart) {
        const reason = 'the language server crashed 5 times in the last 3 minutes and will not be restarted';
        events.onGaveUp(reason);
        return { action: CloseAction.DoNotRestart, message: 'The connection to the server closed; it is not restarted again.', handled: true };
      }
      events.onRestarting();
      return {
        action: CloseAction.Restart,
        message: 'The connection to the server closed unexpectedly; restarting it.',
        handled: true,
      };
    },
  };
}

export interface ClientParts {
  client: LanguageClient;
  /** Owned by the caller: dispose it together with the client. */
  watcher: vscode.FileSystemWatcher;
}

/** The client for the SSOT Imports language server (contract: docs of src/server). */
export function createLanguageClient(
  serverModule: string,
  outputChannel: vscode.LogOutputChannel,
  events: ConnectionEvents,
): ClientParts {
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', `--inspect=${SERVER_DEBUG_PORT}`] },
    },
  };
  const watcher = vscode.workspace.createFileSystemWatcher(WATCHED_FILES_GLOB);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'python' },
      // the server publishes registry errors as diagnostics in the registry file itself
      { scheme: 'file', pattern: '**/ssot-imports.toml' },
      { scheme: 'file', pattern: '**/pyproject.toml' },
    ],
    synchronize: {
      // settings are pulled by the server (workspace/configuration); this makes the client
      // send workspace/didChangeConfiguration when a setting of the section changes
      configurationSection: CONFIG_SECTION,
      fileEvents: watcher,
    },
    diagnosticCollectionName: 'ssot-imports',
    middleware: {
      // the document's version now is the one the server computes the fixes for
      provideCodeActions: async (document, range, context, token, next) => {
        const version = document.version;
        const actions = await next(document, range, context, token);
        return actions && pinToVersion(actions, document, version);
      },
    },
    outputChannel,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    // only called once the client below exists
    errorHandler: errorHandler(() => client, events),
    // A failed `initialize` is reported once, by the ServerManager, when start() rejects.
    initializationFailedHandler: (error) => {
      outputChannel.debug(`initialize failed: ${describeError(error)}`);
      return false;
    },
  };
  const client = new SsotLanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  return { client, watcher };
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
  return String(error);
}
