/** GitHub Actions workflow commands, which the runner turns into annotations on the diff. */

import type { Severity } from '../../engine/findings';
import type { Report } from '../report';

const COMMAND: Record<Severity, string> = {
  error: 'error',
  warning: 'warning',
  information: 'notice',
  hint: 'notice',
};

export function formatGithub(report: Report): string {
  let out = '';
  for (const f of report.findings) {
    const props =
      `file=${escapeProperty(f.file)},line=${f.line},col=${f.column},` +
      `endLine=${f.endLine},endColumn=${f.endColumn},title=${escapeProperty(f.code)}`;
    out += `::${COMMAND[f.severity]} ${props}::${escapeData(f.message)}\n`;
  }
  for (const s of report.skipped) {
    out += `::warning file=${escapeProperty(s.file)}::${escapeData(`skipped: ${s.reason}`)}\n`;
  }
  return out;
}

// Same escaping as @actions/core (toCommandValue/escapeData/escapeProperty).
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
