import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE, REGISTRY_CODES } from './config';
import { DiagnosticCounts } from './statusText';

interface FileCounts {
  findings: number;
  registryErrors: number;
  /** Lowest vscode.DiagnosticSeverity value among the findings (Error = 0 is the worst). */
  worst: vscode.DiagnosticSeverity | undefined;
}

function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}

function countFile(diagnostics: readonly vscode.Diagnostic[]): FileCounts | undefined {
  let findings = 0;
  let registryErrors = 0;
  let worst: vscode.DiagnosticSeverity | undefined;
  for (const d of diagnostics) {
    if (d.source !== DIAGNOSTIC_SOURCE) continue;
    if (REGISTRY_CODES.has(String(codeOf(d)))) {
      // a registry problem (in the TOML or a markdown registry): only errors stop the checking;
      // warnings are left to the Problems view
      if (d.severity === vscode.DiagnosticSeverity.Error) registryErrors++;
    } else {
      findings++;
      if (worst === undefined || d.severity < worst) worst = d.severity;
    }
  }
  return findings + registryErrors > 0 ? { findings, registryErrors, worst } : undefined;
}

const SEVERITY_NAMES = ['error', 'warning', 'information', 'hint'] as const;

/**
 * Keeps per-file counts of our diagnostics, updated incrementally from
 * `languages.onDidChangeDiagnostics` (only the changed URIs are re-read), and reports the totals
 * debounced.
 */
export class DiagnosticCounter implements vscode.Disposable {
  private readonly perFile = new Map<string, FileCounts>();
  private readonly pending = new Map<string, vscode.Uri>();
  private timer: NodeJS.Timeout | undefined;
  private readonly emitter = new vscode.EventEmitter<DiagnosticCounts>();
  private readonly subscription: vscode.Disposable;
  private current: DiagnosticCounts;

  readonly onDidChange = this.emitter.event;

  constructor(private readonly debounceMs = 150) {
    for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
      const c = countFile(diagnostics);
      if (c) this.perFile.set(uri.toString(), c);
    }
    this.current = this.total();
    this.subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      for (const uri of e.uris) this.pending.set(uri.toString(), uri);
      this.timer ??= setTimeout(() => this.flush(), this.debounceMs);
    });
  }

  get counts(): DiagnosticCounts {
    return this.current;
  }

  private flush(): void {
    this.timer = undefined;
    for (const [key, uri] of this.pending) {
      const c = countFile(vscode.languages.getDiagnostics(uri));
      if (c) this.perFile.set(key, c);
      else this.perFile.delete(key);
    }
    this.pending.clear();
    const next = this.total();
    const prev = this.current;
    this.current = next;
    if (
      next.findings !== prev.findings ||
      next.files !== prev.files ||
      next.worst !== prev.worst ||
      next.registryErrors !== prev.registryErrors
    ) {
      this.emitter.fire(next);
    }
  }

  private total(): DiagnosticCounts {
    let findings = 0;
    let files = 0;
    let registryErrors = 0;
    let worst: vscode.DiagnosticSeverity | undefined;
    for (const c of this.perFile.values()) {
      findings += c.findings;
      registryErrors += c.registryErrors;
      if (c.findings > 0) files++;
      if (c.worst !== undefined && (worst === undefined || c.worst < worst)) worst = c.worst;
    }
    return { findings, files, registryErrors, worst: worst === undefined ? undefined : SEVERITY_NAMES[worst] };
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
