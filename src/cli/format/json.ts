/** Machine-readable output with a fixed key order, so diffs and snapshots stay stable. */

import type { Report } from '../report';

export function formatJson(report: Report): string {
  const out = {
    version: 1,
    findings: report.findings.map((f) => ({
      file: f.file,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      code: f.code,
      severity: f.severity,
      message: f.message,
    })),
    skipped: report.skipped.map((s) => ({ file: s.file, reason: s.reason })),
  };
  return JSON.stringify(out, null, 2) + '\n';
}
