/** Entry point of the language server (dist/server.js): `--stdio`, `--node-ipc` or `--socket=N`. */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all);

// One failed request to the client (say, a method it does not implement) must not end the server.
process.on('unhandledRejection', (reason) => {
  connection.console.error(`unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
});

// An editor or supervisor stopping the server with SIGTERM: exit normally, so in-flight pytest
// runs are cleaned up (src/engine/collect/exitCleanup.ts).
process.once('SIGTERM', () => process.exit(143));

startServer(connection);
