/**
 * Names shared by the extension's modules and the contract with the language server.
 * No `vscode` import here, so this module can be loaded by plain unit tests.
 */

/** Client id: also the settings section, so the client reads `ssotImports.trace.server` itself. */
export const CLIENT_ID = 'ssotImports';
export const CLIENT_NAME = 'SSOT Imports';
export const OUTPUT_CHANNEL_NAME = 'SSOT Imports';

/** The settings section the server pulls with `workspace/configuration`. */
export const CONFIG_SECTION = 'ssotImports';

/** `source` and `code` of every diagnostic the server publishes. */
export const DIAGNOSTIC_SOURCE = 'ssot-imports';
/**
 * Problems in the registry itself (mistakes, and drift: targets the workspace no longer has);
 * every other code is a finding in a Python file (SSOT001–SSOT004, SSOT200).
 */
export const REGISTRY_CODES: ReadonlySet<string> = new Set(['SSOT-registry', 'SSOT-drift']);

/** Files whose change makes the server reload the registry or its ignore rules. */
export const WATCHED_FILES_GLOB = '**/{ssot-imports.toml,pyproject.toml,.gitignore}';

/** The bundled server, relative to the extension root. */
export const SERVER_MODULE = 'dist/server.js';
export const SERVER_DEBUG_PORT = 6011;

export const Commands = {
  restartServer: 'ssotImports.restartServer',
  showOutput: 'ssotImports.showOutput',
  migrateWorkspace: 'ssotImports.migrateWorkspace',
  showRules: 'ssotImports.showRules',
  /** VS Code's own command: focus the Problems view. */
  openProblems: 'workbench.actions.view.problems',
} as const;

/** Settings keys, relative to `CONFIG_SECTION`. */
export const Settings = {
  enable: 'enable',
  severity: 'severity',
  sourceRoots: 'sourceRoots',
  traceServer: 'trace.server',
} as const;
