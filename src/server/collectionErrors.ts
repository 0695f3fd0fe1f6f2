/**
 * SSOT200: pytest could not collect a file. The last collection's errors are kept per file and
 * shown on the statement the failure went through (the failing import, narrowed to the missing
 * name or module), following that statement while the file is edited, until the next collection
 * of the file replaces them. A statement that can no longer be found was edited away: its error
 * is not shown any more.
 */
import { basename } from 'node:path';
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation, type Range } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { errorLabel } from '../engine/collect/summary';
import type { CollectResult, CollectionError, Frame } from '../engine/collect/types';
import type { AnyImport } from '../engine/python/imports';
import type { Span } from '../engine/python/syntax';
import { SOURCE } from './diagnostics';

export const COLLECTION_ERROR = 'SSOT200';

interface RecordedError {
  type: string;
  message: string;
  /** 0-based line of the statement when pytest ran. */
  line: number;
  /** The statement's first line, trimmed: how it is found again after edits. */
  firstLine: string;
  /** Frames outside the statement's file: where the error was raised. */
  elsewhere: Frame[];
}

/** What a client reads back from an SSOT200 diagnostic. */
export interface CollectionErrorData {
  type: string;
  /** ImportError: the name the module does not have; ModuleNotFoundError: the missing module. */
  missingName?: string;
  missingModule?: string;
}

export class CollectionErrors {
  private readonly byFile = new Map<string, RecordedError[]>();

  /**
   * Takes a collection's outcome; returns the files whose SSOT200 diagnostics may have changed.
   * A run that could not collect at all (timeout, cancelled, pytest missing) changes nothing.
   */
  record(result: CollectResult): string[] {
    if (result.status === 'could-not-run') return [];
    const changed: string[] = [];
    for (const file of result.files) {
      const errors = file.errors.flatMap((e) => recorded(e, file.file));
      if (errors.length > 0) this.byFile.set(file.file, errors);
      else if (!this.byFile.delete(file.file)) continue;
      changed.push(file.file);
    }
    return changed;
  }

  /** Forgets a file that is gone; true when it had errors. */
  forget(file: string): boolean {
    return this.byFile.delete(file);
  }

  has(file: string): boolean {
    return this.byFile.has(file);
  }

  /** The SSOT200 diagnostics of `file` as its text (and the import statements of that text) are now. */
  diagnostics(file: string, text: string, imports: readonly AnyImport[]): Diagnostic[] {
    const errors = this.byFile.get(file);
    if (!errors) return [];
    const lines = text.split(/\r\n|\r|\n/);
    const diagnostics: Diagnostic[] = [];
    for (const error of errors) {
      const line = nearestLine(lines, error.firstLine, error.line);
      if (line === undefined) continue;
      const statement = imports.find((s) => s.span.range.start.line === line);
      const data = missingOf(error);
      const indent = lines[line]!.length - lines[line]!.trimStart().length;
      const range = (statement && narrowed(statement, data)?.range) ?? statement?.span.range ?? { start: { line, character: indent }, end: { line, character: lines[line]!.trimEnd().length } };
      const what = basename(file) === 'conftest.py' ? 'load this conftest' : 'collect this file';
      diagnostics.push({
        range,
        severity: DiagnosticSeverity.Error,
        code: COLLECTION_ERROR,
        source: SOURCE,
        message: `pytest cannot ${what}: ${errorLabel(error)}`,
        ...(error.elsewhere.length > 0 ? { relatedInformation: error.elsewhere.map(relatedFrame) } : {}),
        data,
      });
    }
    return diagnostics;
  }
}

function recorded(error: CollectionError, file: string): RecordedError[] {
  const statement = error.importLine;
  if (!statement || error.file !== file) return [];
  const firstLine = statement.text.split('\n', 1)[0]!.trim();
  if (firstLine === '') return [];
  return [{ type: error.type, message: error.message, line: statement.line - 1, firstLine, elsewhere: error.frames.filter((f) => f.file !== file) }];
}

/** The line holding `firstLine` closest to where it was (an edit above it moves it). */
function nearestLine(lines: readonly string[], firstLine: string, was: number): number | undefined {
  for (let distance = 0; distance < lines.length; distance++) {
    for (const line of distance === 0 ? [was] : [was - distance, was + distance]) {
      if (lines[line]?.trim() === firstLine) return line;
    }
    if (was - distance < 0 && was + distance >= lines.length) break;
  }
  return undefined;
}

function missingOf(error: RecordedError): CollectionErrorData {
  // Python's own wording (import.c / importlib): stable across 3.x
  const name = /^cannot import name '([^']+)'/.exec(error.message)?.[1];
  const module = /^No module named '([^']+)'/.exec(error.message)?.[1];
  return { type: error.type, ...(name ? { missingName: name } : {}), ...(module ? { missingModule: module } : {}) };
}

/** The missing name's item, or the module, of the statement; undefined when neither is in it. */
function narrowed(statement: AnyImport, data: CollectionErrorData): Span | undefined {
  if (statement.kind === 'from') {
    if (data.missingName) return statement.names.find((n) => n.name === data.missingName)?.span;
    if (data.missingModule) return statement.moduleSpan;
    return undefined;
  }
  const module = data.missingModule;
  return module ? statement.modules.find((m) => m.name === module || m.name.startsWith(`${module}.`))?.span : undefined;
}

function relatedFrame(frame: Frame): DiagnosticRelatedInformation {
  const range: Range = { start: { line: frame.line - 1, character: 0 }, end: { line: frame.line - 1, character: 0 } };
  return { location: { uri: URI.file(frame.file).toString(), range }, message: `raised in ${frame.function}` };
}
