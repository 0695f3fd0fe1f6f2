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

/** Broken imports: what the workspace index reports. */
const BROKEN = new Set(['SSOT002', 'SSOT003']);

function summary(report: Report): string {
  const checked = plural(report.filesChecked, 'file') + ' checked';
  const counts = report.skipped.length > 0 ? `${checked}, ${report.skipped.length} skipped` : checked;
  const lookedForBroken = report.codes?.some((c) => BROKEN.has(c)) ?? false;
  const lookedForDeprecated = report.codes?.some((c) => !BROKEN.has(c)) ?? true;
  if (report.findings.length === 0) {
    const what = lookedForBroken ? (lookedForDeprecated ? 'deprecated or broken imports' : 'broken imports') : 'deprecated imports';
    return `No ${what} (${counts}).`;
  }
  const broken = report.findings.filter((f) => BROKEN.has(f.code)).length;
  const deprecated = report.findings.length - broken;
  const found = [...(deprecated > 0 ? [plural(deprecated, 'deprecated import')] : []), ...(broken > 0 ? [plural(broken, 'broken import')] : [])].join(' and ');
  const files = new Set(report.findings.map((f) => f.file)).size;
  return `Found ${found} in ${plural(files, 'file')} (${counts}).`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Keeps one finding per line (a registry `message` may span lines), so the output stays greppable. */
function oneLine(s: string): string {
  return s.replace(/\r\n|\r|\n/g, ' ');
}
