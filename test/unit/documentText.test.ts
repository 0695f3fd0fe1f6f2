/**
 * An open document's text kept in pieces (src/server/documentText.ts, engine/python/sourceText.ts)
 * behaves as vscode-languageserver-textdocument's TextDocument after any sequence of changes:
 * the same text, lines, offsets and positions; and its pieces read as the string does.
 */
import { strict as assert } from 'node:assert';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { chunkAt, indexOfChar, lastIndexOfChar, occurrences, Pieces } from '../../src/engine/python/sourceText';
import { DocumentText } from '../../src/server/documentText';
import { random } from '../support/random';

/** Text with every kind of line break, surrogate pairs and lines long and short. */
const BITS = ['x', 'import os', '\n', '\r\n', '\r', '😀', 'é', '    ', '# comment', '\n\n', '\r\r\n', ''];

function someText(next: () => number, units: number): string {
  let text = '';
  while (text.length < units) text += BITS[Math.floor(next() * BITS.length)]!;
  return text;
}

function somePosition(next: () => number, doc: TextDocument): { line: number; character: number } {
  const r = next();
  // now and then a position outside the text: past the last line, past a line's end, negative
  if (r < 0.05) return { line: doc.lineCount + Math.floor(next() * 3), character: Math.floor(next() * 5) };
  if (r < 0.08) return { line: -1, character: 3 };
  const line = Math.floor(next() * doc.lineCount);
  return { line, character: r < 0.12 ? 10_000 : Math.floor(next() * 60) - (r < 0.14 ? 5 : 0) };
}

function someChange(next: () => number, doc: TextDocument): TextDocumentContentChangeEvent {
  const r = next();
  if (r < 0.02) return { text: someText(next, Math.floor(next() * 40_000)) };
  const a = somePosition(next, doc);
  // mostly a keystroke near `a`, sometimes a range across many lines, reversed now and then
  const b = r < 0.7 ? a : r < 0.9 ? { line: a.line + Math.floor(next() * 4), character: Math.floor(next() * 30) } : somePosition(next, doc);
  const text = r < 0.5 ? BITS[Math.floor(next() * BITS.length)]! : r < 0.97 ? someText(next, Math.floor(next() * 200)) : someText(next, 20_000 + Math.floor(next() * 20_000));
  return { range: { start: a, end: b }, text };
}

function assertSame(ours: DocumentText, theirs: TextDocument, next: () => number, step: string): void {
  const text = theirs.getText();
  assert.equal(ours.getText(), text, step);
  assert.equal(ours.pieces.toString(), text, step);
  assert.equal(ours.pieces.length, text.length, step);
  assert.equal(ours.lineCount, theirs.lineCount, step);
  assert.equal(ours.version, theirs.version, step);
  for (let i = 0; i < 40; i++) {
    const p = somePosition(next, theirs);
    assert.equal(ours.offsetAt(p), theirs.offsetAt(p), `${step}: offsetAt ${JSON.stringify(p)}`);
    const offset = Math.floor(next() * (text.length + 4)) - 2;
    assert.deepEqual(ours.positionAt(offset), theirs.positionAt(offset), `${step}: positionAt ${offset}`);
    const q = somePosition(next, theirs);
    assert.equal(ours.getText({ start: p, end: q }), theirs.getText({ start: p, end: q }), `${step}: getText of a range`);
    assert.deepEqual(ours.getLineRange(p.line), theirs.getLineRange(p.line), `${step}: getLineRange ${p.line}`);
    assert.equal(ours.getEOLCharacters(p.line), theirs.getEOLCharacters(p.line), `${step}: getEOLCharacters ${p.line}`);
    const start = Math.floor(next() * (text.length + 1));
    const end = start + Math.floor(next() * 20_000);
    assert.equal(ours.pieces.slice(start, end), text.slice(start, end), `${step}: slice ${start} ${end}`);
    assert.equal(ours.pieces.charCodeAt(start), text.charCodeAt(start), `${step}: charCodeAt ${start}`);
    for (const word of ['import', 'x', 'xx', '\r\n']) {
      const to = start + Math.floor(next() * 20_000);
      assert.deepEqual(occurrences(ours.pieces, word, start, to), occurrences(text, word, start, to), `${step}: occurrences of ${JSON.stringify(word)} in ${start}..${to}`);
    }
    for (const char of ['\n', '\r']) {
      assert.equal(indexOfChar(ours.pieces, char, start), text.indexOf(char, start), `${step}: indexOf ${start}`);
      assert.equal(lastIndexOfChar(ours.pieces, char, start), text.lastIndexOf(char, start), `${step}: lastIndexOf ${start}`);
    }
  }
}

describe('the text of an open document, in pieces', () => {
  it('after random changes (keystrokes, pastes, deletions, full replacements): the same as a TextDocument', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const next = random(seed);
      const initial = someText(next, seed % 2 === 0 ? 50_000 : 300);
      const ours = new DocumentText('file:///a.py', 'python', 1, initial);
      const theirs = TextDocument.create('file:///a.py', 'python', 1, initial);
      assertSame(ours, theirs, next, `seed ${seed}, start`);
      for (let step = 1; step <= 150; step++) {
        const changes = Array.from({ length: 1 + Math.floor(next() * 2) }, () => someChange(next, theirs));
        // both documents see each change against the text before it, as LSP sends them
        for (const change of changes) {
          ours.update([change], step + 1);
          TextDocument.update(theirs, [change], step + 1);
        }
        assertSame(ours, theirs, next, `seed ${seed}, step ${step}`);
      }
    }
  });

  it('reading the pieces chunk by chunk gives the text back, as the parser reads it', () => {
    const next = random(42);
    let text = someText(next, 70_000);
    let pieces = Pieces.of(text);
    for (let i = 0; i < 50; i++) {
      const start = Math.floor(next() * text.length);
      const end = start + Math.floor(next() * 30);
      const insert = someText(next, Math.floor(next() * 9000));
      pieces = pieces.replace(start, end, insert);
      text = text.slice(0, start) + insert + text.slice(Math.min(end, text.length));
    }
    let read = '';
    for (let chunk = chunkAt(pieces, 0); chunk !== ''; chunk = chunkAt(pieces, read.length)) read += chunk;
    assert.equal(read, text);
    assert.equal(chunkAt(pieces, text.length), '');
  });

  it('an old text is unchanged by later edits (a tree keeps reading the text it was parsed from)', () => {
    const doc = new DocumentText('file:///a.py', 'python', 1, 'a = 1\n'.repeat(5000));
    const before = doc.pieces;
    doc.update([{ range: { start: { line: 10, character: 0 }, end: { line: 12, character: 0 } }, text: 'b = 2\n' }], 2);
    assert.equal(before.toString(), 'a = 1\n'.repeat(5000));
    assert.equal(doc.getText(), 'a = 1\n'.repeat(10) + 'b = 2\n' + 'a = 1\n'.repeat(4988));
  });
});
