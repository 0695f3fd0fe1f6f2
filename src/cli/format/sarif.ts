/** SARIF 2.1.0, for GitHub code scanning and other SARIF viewers. */

import { pathToFileURL } from 'node:url';
import type { Severity } from '../../engine/findings';
import type { Report } from '../report';

export const TOOL_VERSION = '0.1.0';
// The extension's Marketplace page (publisher.name from package.json).
const SRCROOT = '%SRCROOT%';

const RULES: Record<string, { name: string; description: string }> = {
  SSOT001: { name: 'DeprecatedImport', description: 'Import of a path the SSOT registry marks as moved or deprecated' },
  SSOT002: {
    name: 'MissingName',
    description: "Missing name: 'from X import Y' where X is a module of the workspace that does not bind Y; the message names where Y lives",
  },
  SSOT003: { name: 'MissingModule', description: 'Missing module: import of a module of the workspace that does not exist (its parent package does)' },
  SSOT004: { name: 'DeprecatedStringPath', description: 'A dotted path the SSOT registry marks as moved or deprecated, in a patch(), import_module() or __import__() string' },
};

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

export function formatSarif(report: Report, version: string = TOOL_VERSION): string {
  const codes = [...new Set(report.findings.map((f) => f.code))].sort();
  const rules = codes.map((id) => ({
    id,
    name: RULES[id]?.name ?? id,
    shortDescription: { text: RULES[id]?.description ?? id },
  }));
  const results = report.findings.map((f) => ({
    ruleId: f.code,
    ruleIndex: codes.indexOf(f.code),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifact(f.file),
          region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
        },
      },
    ],
  }));
  const notifications = report.skipped.map((s) => ({
    level: 'warning',
    message: { text: `skipped: ${s.reason}` },
    locations: [{ physicalLocation: { artifactLocation: artifact(s.file) } }],
  }));
  let rootUri = pathToFileURL(report.root).href;
  if (!rootUri.endsWith('/')) rootUri += '/';

  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'ssot-imports', version, rules } },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        originalUriBaseIds: { [SRCROOT]: { uri: rootUri } },
        // Our columns count code points; SARIF's default would be UTF-16 code units.
        columnKind: 'unicodeCodePoints',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/** A relative URI reference: each path segment percent-encoded (this also keeps a `:` in the first segment from reading as a scheme). */
function artifact(file: string): { uri: string; uriBaseId: string } {
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}
