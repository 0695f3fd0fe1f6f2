/** Engine findings and registry problems as LSP diagnostics. */
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import type { Finding, Severity } from '../engine/findings';
import type { BrokenImport } from '../engine/index/brokenImports';
import type { ConfigProblem } from '../engine/registry/parse';

export const SOURCE = 'ssot-imports';
export const REGISTRY_PROBLEM = 'SSOT-registry';
/** A rule or canonical line of the registry that points at something the workspace no longer has. */
export const REGISTRY_DRIFT = 'SSOT-drift';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What the quick-fix capability reads back from a diagnostic. */
export interface FindingData {
  ruleFrom: string;
  replacement?: Finding['replacement'];
}

export function toDiagnostic(finding: Finding): Diagnostic {
  const ruleLine = Math.max(0, finding.origin.line - 1);
  const data: FindingData = { ruleFrom: finding.ruleFrom, ...(finding.replacement ? { replacement: finding.replacement } : {}) };
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.code,
    source: SOURCE,
    message: finding.message,
    tags: [DiagnosticTag.Deprecated],
    relatedInformation: [
      {
        location: { uri: URI.file(finding.origin.file).toString(), range: { start: { line: ruleLine, character: 0 }, end: { line: ruleLine, character: 0 } } },
        message: `registry rule: from = "${finding.ruleFrom}"`,
      },
    ],
    data,
  };
}

/** What the code actions read back from an SSOT002/SSOT003 diagnostic (they recompute the rest). */
export interface BrokenImportData {
  module: string;
  candidates: BrokenImport['candidates'];
}

export function brokenToDiagnostic(broken: BrokenImport): Diagnostic {
  const data: BrokenImportData = { module: broken.module, candidates: broken.candidates };
  return { range: broken.range, severity: SEVERITY[broken.severity], code: broken.code, source: SOURCE, message: broken.message, data };
}

export function problemToDiagnostic(problem: ConfigProblem): Diagnostic {
  return {
    range: {
      start: { line: problem.line - 1, character: problem.column - 1 },
      end: { line: problem.endLine - 1, character: Math.max(problem.endColumn - 1, problem.endLine === problem.line ? problem.column : 0) },
    },
    severity: problem.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: REGISTRY_PROBLEM,
    source: SOURCE,
    message: problem.message,
  };
}
