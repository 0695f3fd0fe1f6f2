/**
 * What the status bar item says, as a pure function of the server state and the diagnostic
 * counts (no `vscode` import, so it can be unit-tested without an editor).
 */

/** The language server as the user sees it. */
export type ServerStatus = 'starting' | 'running' | 'stopped' | 'failed';

export interface DiagnosticCounts {
  /** SSOT001 findings (deprecated imports) over all files. */
  findings: number;
  /** Files with at least one finding. */
  files: number;
  /** The most severe finding, or undefined when there is none. */
  worst: 'error' | 'warning' | 'information' | 'hint' | undefined;
  /** Registry errors: our error-severity diagnostics that are not SSOT001 findings (code SSOT-registry). */
  registryErrors: number;
}

export const NO_DIAGNOSTICS: DiagnosticCounts = { findings: 0, files: 0, worst: undefined, registryErrors: 0 };

export type StatusAction = 'openProblems' | 'restartServer' | 'showOutput';

export interface StatusView {
  /** Status bar text, with `$(icon)` codicons. */
  text: string;
  tooltip: string;
  /** What a click does. */
  action: StatusAction;
  /** Draw the item with the theme's error / warning background. */
  background: 'error' | 'warning' | undefined;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The item's text and tooltip. Texts (relied on by the integration suite):
 * `$(loading~spin) SSOT` starting, `$(error) SSOT stopped` not running, `$(circle-slash) SSOT`
 * disabled, `$(error) SSOT registry` broken registry, `$(check) SSOT` no findings,
 * `$(warning) 12 SSOT` findings (icon of the worst severity: error / warning / info).
 */
export function statusView(server: ServerStatus, counts: DiagnosticCounts, enabled = true): StatusView {
  switch (server) {
    case 'starting':
      return {
        text: '$(loading~spin) SSOT',
        tooltip: 'SSOT Imports: starting the language server…',
        action: 'showOutput',
        background: undefined,
      };
    case 'stopped':
    case 'failed':
      return {
        text: '$(error) SSOT stopped',
        tooltip:
          server === 'failed'
            ? 'SSOT Imports: the language server failed or crashed, so imports are not checked. Click to restart it; see "SSOT Imports: Show Output" for details.'
            : 'SSOT Imports: the language server is stopped. Click to restart it.',
        action: 'restartServer',
        background: 'error',
      };
    case 'running':
      break;
  }
  if (!enabled) {
    return {
      text: '$(circle-slash) SSOT',
      tooltip: 'SSOT Imports is disabled by the setting `ssotImports.enable`.',
      action: 'openProblems',
      background: undefined,
    };
  }
  if (counts.registryErrors > 0) {
    return {
      text: '$(error) SSOT registry',
      tooltip: `SSOT Imports: the registry has ${plural(counts.registryErrors, 'error', 'errors')}; no import is checked until it is fixed. Click to open the Problems view.`,
      action: 'openProblems',
      background: 'error',
    };
  }
  if (counts.findings === 0) {
    return {
      text: '$(check) SSOT',
      tooltip: 'SSOT Imports: no deprecated imports found.',
      action: 'openProblems',
      background: undefined,
    };
  }
  const icon = counts.worst === 'error' ? '$(error)' : counts.worst === 'warning' ? '$(warning)' : '$(info)';
  return {
    text: `${icon} ${counts.findings} SSOT`,
    tooltip: `SSOT Imports: ${plural(counts.findings, 'deprecated import', 'deprecated imports')} in ${plural(counts.files, 'file', 'files')}. Click to open the Problems view.`,
    action: 'openProblems',
    background: undefined,
  };
}
