/** What a CLI run found, in the shape every output format starts from. */

import { relative, sep } from 'node:path';
import type { Range, Severity } from '../engine/findings';
import { plainBelow } from '../engine/modules';

export interface ReportFinding {
  /** Workspace-relative POSIX path. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, counted in Unicode code points. */
  column: number;
  endLine: number;
  /** 1-based column just after the span (exclusive), in code points. */
  endColumn: number;
  code: string;
  severity: Severity;
  message: string;
}

export interface SkippedFile {
  /** Workspace-relative POSIX path. */
  file: string;
  reason: string;
}

export interface Report {
  /** Absolute path of the workspace root. */
  root: string;
  findings: ReportFinding[];
  skipped: SkippedFile[];
  filesChecked: number;
  /**
   * The codes the run looked for (`--select`); absent means the registry's only (SSOT001,
   * SSOT004). The text summary names broken imports when SSOT002 or SSOT003 is among them.
   */
  codes?: readonly string[];
}

/** What a report finding is made from: an engine Finding (SSOT001/SSOT004) or a BrokenImport (SSOT002/SSOT003). */
export interface EngineFinding {
  code: string;
  severity: Severity;
  message: string;
  /** 0-based lines, UTF-16 characters (LSP). */
  range: Range;
}

/** Workspace-relative POSIX path of `absFile`. */
export function relativePosix(root: string, absFile: string): string {
  return plainBelow(root, absFile) ?? relative(root, absFile).split(sep).join('/');
}

/**
 * Converts an engine finding (0-based line, UTF-16 character, as in LSP) into 1-based
 * code-point columns, which is what humans, GitHub and SARIF (with `unicodeCodePoints`) count.
 * `text` may be undefined for a file without characters beyond the BMP (FileFacts.astral false):
 * there every code point is one UTF-16 unit.
 */
export function toReportFinding(root: string, absFile: string, text: string | undefined, finding: EngineFinding): ReportFinding {
  const { start, end } = finding.range;
  const column = (line: number, character: number) => (text === undefined ? Math.max(character, 0) + 1 : codePointColumn(lineText(text, line), character));
  return {
    file: relativePosix(root, absFile),
    line: start.line + 1,
    column: column(start.line, start.character),
    endLine: end.line + 1,
    endColumn: column(end.line, end.character),
    code: finding.code,
    severity: finding.severity,
    message: finding.message,
  };
}

/** The 0-based `line` of `text` without its terminator (`\n` or `\r\n`); '' past the end. */
function lineText(text: string, line: number): string {
  let start = 0;
  for (let i = 0; i < line; i++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return '';
    start = nl + 1;
  }
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  else if (end > start && text.charCodeAt(end - 1) === 0x0d) end--;
  return text.slice(start, end);
}

/** 1-based code-point column of UTF-16 offset `character`, clamped to the line as LSP does. */
function codePointColumn(line: string, character: number): number {
  const limit = Math.min(Math.max(character, 0), line.length);
  let points = 0;
  for (let i = 0; i < limit; i++) {
    const unit = line.charCodeAt(i);
    // A surrogate pair is one code point.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < line.length) {
      const next = line.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    points++;
  }
  return points + 1;
}
