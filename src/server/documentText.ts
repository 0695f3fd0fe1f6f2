/**
 * An open document's text as LSP sees it (a TextDocument: positions in lines and UTF-16 units,
 * with `\r\n`, `\r` and `\n` line breaks), kept as `Pieces` so that an incremental change never
 * copies the whole text. Behaves as vscode-languageserver-textdocument's TextDocument does
 * (test/unit/documentText.test.ts compares the two on random edits).
 */
import type { Position, Range, TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { Pieces } from '../engine/python/sourceText';

export class DocumentText implements TextDocument {
  private content: Pieces;
  /** The offset every line starts at. */
  private lineOffsets: number[];
  /** The whole text as one string, once asked for (until the next change). */
  private joined: string | undefined;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    text: string,
  ) {
    this.content = Pieces.of(text);
    this.joined = text;
    this.lineOffsets = lineStarts(text, true, 0);
  }

  /** The text as pieces: what the parser and the readers of the tree take (immutable, like a string). */
  get pieces(): Pieces {
    return this.content;
  }

  get lineCount(): number {
    return this.lineOffsets.length;
  }

  getText(range?: Range): string {
    if (range) {
      // as String.substring does: the two ends in either order
      const [a, b] = [this.offsetAt(range.start), this.offsetAt(range.end)];
      return this.content.slice(Math.min(a, b), Math.max(a, b));
    }
    return (this.joined ??= this.content.toString());
  }

  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if ('range' in change) this.replace(wellFormed(change.range), change.text);
      else {
        this.content = Pieces.of(change.text);
        this.joined = change.text;
        this.lineOffsets = lineStarts(change.text, true, 0);
      }
    }
    this.version = version;
  }

  positionAt(offset: number): Position {
    offset = Math.max(0, Math.min(offset, this.content.length));
    const lines = this.lineOffsets;
    let low = 0;
    let high = lines.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (lines[mid]! > offset) high = mid;
      else low = mid + 1;
    }
    const line = low - 1;
    return { line, character: this.beforeLineBreak(offset, lines[line]!) - lines[line]! };
  }

  offsetAt(position: Position): number {
    const lines = this.lineOffsets;
    if (position.line >= lines.length) return this.content.length;
    if (position.line < 0) return 0;
    const start = lines[position.line]!;
    if (position.character <= 0) return start;
    const next = position.line + 1 < lines.length ? lines[position.line + 1]! : this.content.length;
    return this.beforeLineBreak(Math.min(start + position.character, next), start);
  }

  getLineRange(line: number): Range {
    const lines = this.lineOffsets;
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    if (line >= lines.length) {
      const last = lines.length - 1;
      return { start: { line: last, character: 0 }, end: { line: last, character: this.content.length - lines[last]! } };
    }
    const { start, next } = this.lineBounds(line);
    return { start: { line, character: 0 }, end: { line, character: this.beforeLineBreak(next, start) - start } };
  }

  getEOLCharacters(line: number): string {
    if (line < 0 || line >= this.lineOffsets.length) return '';
    const { start, next } = this.lineBounds(line);
    return this.content.slice(this.beforeLineBreak(next, start), next);
  }

  /** Where `line` starts, and where the next one does (or the end). */
  private lineBounds(line: number): { start: number; next: number } {
    const lines = this.lineOffsets;
    return { start: lines[line]!, next: line + 1 < lines.length ? lines[line + 1]! : this.content.length };
  }

  private replace(range: Range, text: string): void {
    const start = this.offsetAt(range.start);
    const end = this.offsetAt(range.end);
    this.content = this.content.replace(start, end, text);
    this.joined = undefined;
    const insertedEnd = start + text.length;
    // a `\r\n` made or split at either end changes line breaks outside the change: count them all again
    if (this.crlfAt(start) || this.crlfAt(insertedEnd)) {
      this.lineOffsets = lineStarts(this.getText(), true, 0);
      return;
    }
    const startLine = Math.max(range.start.line, 0);
    const endLine = Math.max(range.end.line, 0);
    const added = lineStarts(text, false, start);
    if (added.length < 10_000) this.lineOffsets.splice(startLine + 1, endLine - startLine, ...added);
    else this.lineOffsets = [...this.lineOffsets.slice(0, startLine + 1), ...added, ...this.lineOffsets.slice(endLine + 1)]; // too many to spread into arguments
    const shift = text.length - (end - start);
    if (shift !== 0) for (let i = startLine + 1 + added.length; i < this.lineOffsets.length; i++) this.lineOffsets[i]! += shift;
  }

  /** Whether a `\r\n` pair straddles `offset`. */
  private crlfAt(offset: number): boolean {
    return this.content.charCodeAt(offset - 1) === CR && this.content.charCodeAt(offset) === LF;
  }

  /** `offset` moved back off the line break it may be in the middle of or after, not before `lineStart`. */
  private beforeLineBreak(offset: number, lineStart: number): number {
    while (offset > lineStart && isLineBreak(this.content.charCodeAt(offset - 1))) offset--;
    return offset;
  }
}

const CR = 13;
const LF = 10;

function isLineBreak(code: number): boolean {
  return code === CR || code === LF;
}

/** The offsets after each line break of `text` (placed at `base`), and `base` first when `atLineStart`. */
function lineStarts(text: string, atLineStart: boolean, base: number): number[] {
  const starts = atLineStart ? [base] : [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isLineBreak(code)) continue;
    if (code === CR && text.charCodeAt(i + 1) === LF) i++;
    starts.push(base + i + 1);
  }
  return starts;
}

function wellFormed(range: Range): Range {
  const { start, end } = range;
  return start.line > end.line || (start.line === end.line && start.character > end.character) ? { start: end, end: start } : range;
}
