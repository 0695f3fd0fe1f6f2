/**
 * Source text read by UTF-16 offsets: a string, or `Pieces`, the text of an open document kept
 * in pieces of a few KB. One string per keystroke would cost a copy of the whole file, and from
 * 128 KB on V8 puts it in fresh large-object memory: ~0.4 ms of page faults per edit on a
 * 5,000-line file, and a young generation that fills every few keystrokes.
 */
export type SourceText = string | Pieces;

/** What a tree was parsed from: its text, and the offset that text starts at in the tree. */
export interface TreeSource {
  text: SourceText;
  base: number;
}

/** UTF-16 units per piece: small edits rewrite a few KB, and a piece never grows past twice this. */
const PIECE = 8192;

export class Pieces {
  private constructor(
    private readonly pieces: readonly string[],
    /** The offset each piece starts at. */
    private readonly starts: readonly number[],
    readonly length: number,
  ) {}

  static of(text: string): Pieces {
    const pieces = split(text);
    return new Pieces(pieces, startsOf(pieces, [], 0), text.length);
  }

  /** The text with [start, end) replaced by `text`; the pieces the edit does not touch are shared. */
  replace(start: number, end: number, text: string): Pieces {
    if (this.pieces.length === 0) return Pieces.of(text);
    start = clamp(start, this.length);
    end = Math.max(start, clamp(end, this.length));
    const first = this.pieceAt(start);
    const last = this.pieceAt(end);
    const middle = this.pieces[first]!.slice(0, start - this.starts[first]!) + text + this.pieces[last]!.slice(end - this.starts[last]!);
    const pieces = [...this.pieces.slice(0, first), ...split(middle), ...this.pieces.slice(last + 1)];
    return new Pieces(pieces, startsOf(pieces, this.starts.slice(0, first), first), this.length - (end - start) + text.length);
  }

  slice(start: number, end: number): string {
    start = clamp(start, this.length);
    end = clamp(end, this.length);
    if (start >= end) return '';
    const first = this.pieceAt(start);
    const last = this.pieceAt(end - 1);
    if (first === last) return this.pieces[first]!.slice(start - this.starts[first]!, end - this.starts[first]!);
    let text = this.pieces[first]!.slice(start - this.starts[first]!);
    for (let i = first + 1; i < last; i++) text += this.pieces[i]!;
    return text + this.pieces[last]!.slice(0, end - this.starts[last]!);
  }

  /** Some of the text from `index` on (the rest of its piece): '' only at the end. */
  chunkAt(index: number): string {
    if (index < 0 || index >= this.length) return '';
    const i = this.pieceAt(index);
    return this.pieces[i]!.slice(index - this.starts[i]!);
  }

  charCodeAt(index: number): number {
    if (index < 0 || index >= this.length) return NaN;
    const i = this.pieceAt(index);
    return this.pieces[i]!.charCodeAt(index - this.starts[i]!);
  }

  /**
   * occurrences() piece by piece: a search of the whole text would join it into one large string
   * first (page faults, as above). Each piece is searched with the start of the next one, so a
   * word across a seam is found once, in the piece it starts in.
   */
  occurrences(word: string, start: number, end: number): number[] {
    const found: number[] = [];
    const stop = Math.min(this.length, end + word.length); // where the last one must end by
    if (word === '' || start >= stop) return found;
    let next = Math.max(0, start); // the first offset one may start at (they do not overlap)
    const add = (at: number) => {
      found.push(at);
      next = at + word.length;
    };
    for (let i = this.pieceAt(next); i < this.pieces.length && this.starts[i]! < stop; i++) {
      const base = this.starts[i]!;
      const piece = this.pieces[i]!;
      const limit = Math.min(piece.length, stop - base);
      for (let j = piece.indexOf(word, next - base); j >= 0 && j + word.length <= limit; j = piece.indexOf(word, next - base)) add(base + j);
      // one that starts near the end of this piece and runs into the next
      const from = Math.max(next - base, piece.length - word.length + 1);
      if (from < piece.length && i + 1 < this.pieces.length) {
        const j = (piece.slice(from) + this.pieces[i + 1]!.slice(0, word.length - 1)).indexOf(word);
        if (j >= 0 && base + from + j + word.length <= stop) add(base + from + j);
      }
    }
    return found;
  }

  toString(): string {
    return this.pieces.join('');
  }

  /** The last piece that starts at or before `index`. */
  private pieceAt(index: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** Some of `text` from `index` on: what a parser reads next ('' only at the end). */
export function chunkAt(text: SourceText, index: number): string {
  return typeof text === 'string' ? text.slice(index) : text.chunkAt(index);
}

/**
 * The offsets where `word` starts in `text`, from `start` up to `end` inclusive (a window's last
 * offset), in order. Only that stretch is searched: a slice is cheap, and indexOf on the whole
 * text would run on to the end of it.
 */
export function occurrences(text: SourceText, word: string, start = 0, end = text.length): number[] {
  if (typeof text !== 'string') return text.occurrences(word, start, end);
  const region = text.slice(start, end + word.length);
  const found: number[] = [];
  for (let i = region.indexOf(word); i >= 0; i = region.indexOf(word, i + word.length)) found.push(start + i);
  return found;
}

/** `text.indexOf(char, from)` for a single character, read in small slices. */
export function indexOfChar(text: SourceText, char: string, from: number): number {
  if (typeof text === 'string') return text.indexOf(char, from);
  for (let at = Math.max(0, from); at < text.length; at += SCAN) {
    const i = text.slice(at, at + SCAN).indexOf(char);
    if (i >= 0) return at + i;
  }
  return -1;
}

/** `text.lastIndexOf(char, from)` for a single character, read in small slices. */
export function lastIndexOfChar(text: SourceText, char: string, from: number): number {
  if (typeof text === 'string') return text.lastIndexOf(char, from);
  for (let end = Math.max(0, Math.min(from, text.length - 1)) + 1; end > 0; end -= SCAN) {
    const start = Math.max(0, end - SCAN);
    const i = text.slice(start, end).lastIndexOf(char);
    if (i >= 0) return start + i;
  }
  return -1;
}

/** Units read at a time when scanning pieces for a character (lines are mostly shorter). */
const SCAN = 256;

function split(text: string): string[] {
  if (text.length <= 2 * PIECE) return text.length > 0 ? [text] : [];
  const pieces: string[] = [];
  for (let at = 0; at < text.length; ) {
    let end = Math.min(text.length, at + PIECE);
    // never between the halves of a surrogate pair
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end++;
    pieces.push(text.slice(at, end));
    at = end;
  }
  return pieces;
}

function startsOf(pieces: readonly string[], known: number[], from: number): number[] {
  let at = from > 0 ? known[from - 1]! + pieces[from - 1]!.length : 0;
  for (let i = from; i < pieces.length; i++) {
    known.push(at);
    at += pieces[i]!.length;
  }
  return known;
}

function clamp(offset: number, length: number): number {
  return Math.max(0, Math.min(offset, length));
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
