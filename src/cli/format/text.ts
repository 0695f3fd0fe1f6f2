/** Human-readable output, one `path:line:col: CODE [severity] message` line per finding (like ruff/eslint). */

import type { Report } from '../report';

export function formatText(report: Report): string {
  const lines: string[] = [];
  for (const f of report.findings) {
    lines.push(`${f.file}:${f.line}:${f.column}: ${f.code} [${f.severity}] ${oneLine(f.message)}`);
  }
  for (const s of report.skipped) lines.push(`${s.file}: skipped: ${oneLine(s.reason)}`);
  lines.push(summary(report));
  return lines.join('\n') + '\n';
}

function summary(report: Report): string {
  const checked = plural(report.filesChecked, 'file') + ' checked';
  const counts = report.skipped.length > 0 ? `${checked}, ${report.skipped.length} skipped` : checked;
  if (report.findings.length === 0) return `No deprecated imports (${counts}).`;
  const files = new Set(report.findings.map((f) => f.file)).size;
  return `Found ${plural(report.findings.length, 'deprecated import')} in ${plural(files, 'file')} (${counts}).`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Keeps one finding per line (a registry `message` may span lines), so the output stays greppable. */
function oneLine(s: string): string {
  return s.replace(/\r\n|\r|\n/g, ' ');
}
