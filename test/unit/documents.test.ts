/**
 * The language server's open documents (src/server/documents.ts): after any sequence of edits
 * the incrementally re-parsed tree is the tree of a fresh parse, and what is read from it (the
 * imports and dotted strings) is the same.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { extractImports } from '../../src/engine/python/imports';
import { createPythonParser, type PythonParser, type Tree } from '../../src/engine/python/parser';
import { extractStringCandidates } from '../../src/engine/strings';
import { discoverPythonFiles } from '../../src/engine/workspace/discover';
import { OpenDocument } from '../../src/server/documents';
import { generateWorkspace } from '../support/generateWorkspace';
import { random } from '../support/random';

/** Snippets typed or pasted: plain text, import lines, brackets and quotes that change the structure around them. */
const SNIPPETS = ['x', ' ', '\n', 'import os\n', 'from a.b import (c,\n', ')', '"""', "'", '# note\n', '    ', 'patch("a.b.c")', '\\\n', 'é', '😀', 'def g():\n', '    def g():\n', 'try:\n', '; import sys', '  # ssot: ignore', '\r\n'];

/**
 * Calls `compare` with a fresh parse of the document's text, unless that tree has syntax errors
 * (tree-sitter's error recovery may differ between an incremental and a fresh parse); whether it did.
 */
function withFresh(parser: PythonParser, doc: OpenDocument, compare: (fresh: Tree) => void): boolean {
  const fresh = parser.parse(doc.text.getText());
  try {
    if (fresh.rootNode.hasError) return false;
    compare(fresh);
    return true;
  } finally {
    fresh.delete();
  }
}

/**
 * Opens `text` once per snippet, types the snippet at every offset and deletes it again, and calls
 * `check` with the re-parsed tree after each of the two changes.
 */
function typeAndDeleteEverywhere(parser: PythonParser, text: string, snippets: readonly string[], check: (doc: OpenDocument, tree: Tree, label: string) => void): void {
  let version = 1;
  for (const snippet of snippets) {
    const doc = OpenDocument.open('file:///w/typed.py', 'python', version, text, '/w/typed.py');
    try {
      doc.read(doc.parse(parser));
      for (let at = 0; at <= text.length; at++) {
        // positions in the text each change applies to
        for (const change of [
          () => ({ range: { start: doc.text.positionAt(at), end: doc.text.positionAt(at) }, text: snippet }),
          () => ({ range: { start: doc.text.positionAt(at), end: doc.text.positionAt(at + snippet.length) }, text: '' }),
        ]) {
          doc.update([change()], ++version);
          check(doc, doc.parse(parser), `${JSON.stringify(snippet)} at ${at}`);
        }
        assert.equal(doc.text.getText(), text);
      }
    } finally {
      doc.dispose();
    }
  }
}

/** A parser, and 12 Python files of a workspace generated with `seed`, for the tests of the enclosing describe block. */
function generatedFiles(seed: number): { parser: PythonParser; files: string[] } {
  const fixture = { parser: undefined as unknown as PythonParser, files: [] as string[] };
  let dir: string;
  before(async () => {
    fixture.parser = await createPythonParser();
    dir = mkdtempSync(join(tmpdir(), 'ssot-documents-'));
    generateWorkspace(dir, { files: 40, seed });
    fixture.files = (await discoverPythonFiles(dir, [])).slice(0, 12);
  });
  after(() => {
    fixture.parser.delete();
    rmSync(dir, { recursive: true, force: true });
  });
  return fixture;
}

describe('open documents: incremental re-parse', () => {
  const fixture = generatedFiles(11);

  it('after each edit of a random sequence, and after undoing it, the tree and what is read from it equal those of a fresh parse', () => {
    const next = random(7);
    let compared = 0;
    let version = 1;
    for (const file of fixture.files) {
      const doc = OpenDocument.open(`file://${file}`, 'python', version, readFileSync(file, 'utf8'), file);
      const step = (change: TextDocumentContentChangeEvent) => {
        doc.update([change], ++version);
        const incremental = doc.parse(fixture.parser);
        const same = withFresh(fixture.parser, doc, (fresh) => {
          assert.equal(incremental.rootNode.toString(), fresh.rootNode.toString(), `${file} at version ${version}`);
          const imports = extractImports(fresh);
          assert.deepStrictEqual(extractImports(incremental), imports);
          // what the edits did not touch, moved instead of read again
          const read = doc.read(incremental);
          assert.deepStrictEqual(read.imports, imports, `${file} at version ${version}: imports after the edit`);
          const strings = extractStringCandidates(fresh, doc.text.getText());
          assert.deepStrictEqual(extractStringCandidates(incremental, doc.text.getText()), strings);
          assert.deepStrictEqual(read.strings, strings, `${file} at version ${version}: strings after the edit`);
        });
        if (same) compared++;
      };
      try {
        doc.parse(fixture.parser);
        for (let i = 0; i < 12; i++) {
          const text = doc.text.getText();
          // offsets as positions see them (never inside a CRLF)
          const at = (offset: number) => doc.text.offsetAt(doc.text.positionAt(offset));
          const start = at(Math.floor(next() * text.length));
          const end = next() < 0.3 ? at(Math.min(text.length, start + Math.floor(next() * 40))) : start;
          const inserted = SNIPPETS[Math.floor(next() * SNIPPETS.length)]!;
          step({ range: { start: doc.text.positionAt(start), end: doc.text.positionAt(end) }, text: inserted });
          // and back: the file parses cleanly again
          step({ range: { start: doc.text.positionAt(start), end: doc.text.positionAt(start + inserted.length) }, text: text.slice(start, end) });
          assert.equal(doc.text.getText(), text);
        }
      } finally {
        doc.dispose();
      }
    }
    assert.ok(compared >= 150, `only ${compared} versions compared`);
  });

  it('a statement whose lines no edit touched but that is now inside a string, or in another block, is not kept', () => {
    const text = 'import a\n\nimport b\n\nimport c\nif x:\n    import d\n';
    const doc = OpenDocument.open('file:///w/m.py', 'python', 1, text, '/w/m.py');
    try {
      assert.equal(doc.read(doc.parse(fixture.parser)).imports.length, 4);
      // one change opens a string on the blank line above `import b`, a second closes it on the one below: b's line is untouched
      doc.update([{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 's = """' }], 2);
      doc.update([{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: '"""' }], 3);
      // and `if` becomes `while`: d's block starts three characters later
      doc.update([{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 2 } }, text: 'while' }], 4);
      const imports = doc.read(doc.parse(fixture.parser)).imports;
      assert.deepEqual(imports.map((i) => i.kind === 'import' && i.modules[0]!.name), ['a', 'c', 'd']);
      assert.ok(withFresh(fixture.parser, doc, (fresh) => assert.deepStrictEqual(imports, extractImports(fresh))));
    } finally {
      doc.dispose();
    }
  });

  it('an edit at any place of a file of multi-line imports and calls: what is read equals a fresh read', () => {
    // statements and calls that span lines, where an edit on one line changes what the others mean
    const text = [
      'from pkg.old import (  # ssot: ignore[SSOT002]',
      '    alpha,',
      '    beta as b,',
      ')',
      'import os, \\',
      '    sys',
      '',
      '',
      '@mock.patch(',
      '    "pkg.old.alpha",',
      ')',
      'def test_one(m):',
      '    with patch("pkg.old.beta"), patch.dict(',
      '        "pkg.old.table", {}',
      '    ):',
      '        importlib.import_module("pkg.old")  # ssot: ignore',
      '    x = 1',
      '    import json',
      '',
    ].join('\n');
    let compared = 0;
    typeAndDeleteEverywhere(fixture.parser, text, [' ', 'x', '\n', '#', '"'], (doc, tree, label) => {
      const read = doc.read(tree);
      const same = withFresh(fixture.parser, doc, (fresh) => assert.deepStrictEqual(read, { imports: extractImports(fresh), strings: extractStringCandidates(fresh, doc.text.getText()) }, label));
      if (same) compared++;
    });
    assert.ok(compared >= 1200, `only ${compared} versions compared`);
  });

  it('a file of many pieces (70 KB): edits at and around the seams of its pieces parse and read as a fresh parse does', () => {
    // the text is kept in pieces of ~8 KB (sourceText.ts): a token, a surrogate pair or a CRLF may sit across a seam
    const block = (i: number) => `from pkg.mod${i} import (\n    name_${i},  # 😀 ssot: ignore\n)\r\ndef f${i}(x):\n    s = "é😀${'x'.repeat(i % 40)}"\n    return patch("pkg.mod${i}.name")\n\n`;
    let text = '';
    for (let i = 0; text.length < 70_000; i++) text += block(i);
    const next = random(5);
    let version = 1;
    let compared = 0;
    const doc = OpenDocument.open('file:///w/big.py', 'python', version, text, '/w/big.py');
    try {
      doc.read(doc.parse(fixture.parser));
      for (let i = 0; i < 20; i++) {
        const current = doc.text.getText();
        // near a multiple of 8192 (a seam of the first split) or anywhere
        const near = i % 2 === 0 ? 8192 * (1 + Math.floor(next() * 8)) + Math.floor(next() * 7) - 3 : Math.floor(next() * current.length);
        const start = doc.text.offsetAt(doc.text.positionAt(Math.min(near, current.length)));
        const end = next() < 0.3 ? doc.text.offsetAt(doc.text.positionAt(Math.min(current.length, start + Math.floor(next() * 20_000)))) : start;
        const inserted = next() < 0.1 ? block(i).repeat(30) : SNIPPETS[Math.floor(next() * SNIPPETS.length)]!;
        const removed = current.slice(start, end);
        // the edit, then its undo: the text parses cleanly again
        for (const change of [
          () => ({ range: { start: doc.text.positionAt(start), end: doc.text.positionAt(end) }, text: inserted }),
          () => ({ range: { start: doc.text.positionAt(start), end: doc.text.positionAt(start + inserted.length) }, text: removed }),
        ]) {
          doc.update([change()], ++version);
          const tree = doc.parse(fixture.parser);
          const read = doc.read(tree);
          const fresh = fixture.parser.parse(doc.text.getText());
          try {
            assert.equal(tree.rootNode.toString(), fresh.rootNode.toString(), `edit ${i}`);
            assert.equal(tree.rootNode.text, doc.text.getText().slice(tree.rootNode.startIndex, tree.rootNode.endIndex), `edit ${i}: the tree reads the text`);
            if (!fresh.rootNode.hasError) {
              assert.deepStrictEqual(read, { imports: extractImports(fresh), strings: extractStringCandidates(fresh, doc.text.getText()) }, `edit ${i}`);
              compared++;
            }
          } finally {
            fresh.delete();
          }
        }
        assert.equal(doc.text.getText(), current);
      }
    } finally {
      doc.dispose();
    }
    assert.ok(compared >= 24, `only ${compared} versions compared`);
  });

  it('several edits between two checks (fast typing, a paste), then all undone: the imports are those of a fresh parse', () => {
    const next = random(23);
    let compared = 0;
    let version = 1;
    for (const file of fixture.files) {
      const doc = OpenDocument.open(`file://${file}`, 'python', version, readFileSync(file, 'utf8'), file);
      const compare = () => {
        const tree = doc.parse(fixture.parser);
        if (withFresh(fixture.parser, doc, (fresh) => assert.deepStrictEqual(doc.read(tree), { imports: extractImports(fresh), strings: extractStringCandidates(fresh, doc.text.getText()) }, `${file} at version ${version}`))) compared++;
      };
      try {
        doc.read(doc.parse(fixture.parser));
        for (let round = 0; round < 8; round++) {
          const undo: TextDocumentContentChangeEvent[] = [];
          for (let i = 0, n = 2 + Math.floor(next() * 3); i < n; i++) {
            const text = doc.text.getText();
            const start = doc.text.offsetAt(doc.text.positionAt(Math.floor(next() * text.length)));
            const inserted = SNIPPETS[Math.floor(next() * SNIPPETS.length)]!;
            doc.update([{ range: { start: doc.text.positionAt(start), end: doc.text.positionAt(start) }, text: inserted }], ++version);
            undo.unshift({ range: { start: doc.text.positionAt(start), end: doc.text.positionAt(start + inserted.length) }, text: '' });
          }
          compare();
          for (const change of undo) doc.update([change], ++version);
          compare();
        }
      } finally {
        doc.dispose();
      }
    }
    assert.ok(compared >= 100, `only ${compared} versions compared`);
  });
});

describe('open documents: incremental reads of a file with syntax errors', () => {
  const fixture = generatedFiles(13);

  /** Lines that leave a syntax error, put somewhere in each file before editing it. */
  const BREAKERS = ['def half_written(:\n', 'from a.b import (c,\n', 'x = [1,\n', 'class C(\n', 'import\n', '    )\n', 'if x\n'];
  /** Pieces of statements that error recovery reads token by token (recovery.ts), besides SNIPPETS. */
  const PIECES = [...SNIPPETS, 'import a.b', 'from x import y', ' as z', '(', ',', 'else:\n', 'except ImportError:\n', '  from p import (q,', '\n    ', ':', '[', ']', 'from . import ('];

  /** What doc.read gives for `tree`, against a whole read of that same tree (an incremental and a fresh parse of a broken text may differ). */
  function assertReadsAsWhole(doc: OpenDocument, tree: Tree, label: string): void {
    const read = doc.read(tree);
    const text = doc.text.getText();
    assert.deepStrictEqual(read, { imports: extractImports(tree, doc.text.pieces), strings: extractStringCandidates(tree, text) }, label);
  }

  it('after each edit of a random sequence, what is read equals a whole read of the same tree', () => {
    const next = random(17);
    let broken = 0;
    let version = 1;
    for (const [n, file] of fixture.files.entries()) {
      const original = readFileSync(file, 'utf8');
      // a breaking line at the start of a random line
      const lineStarts = [0, ...[...original.matchAll(/\n/g)].map((m) => m.index + 1)].filter((i) => i < original.length);
      const at = lineStarts[Math.floor(next() * lineStarts.length)]!;
      const content = original.slice(0, at) + BREAKERS[n % BREAKERS.length] + original.slice(at);
      const doc = OpenDocument.open(`file://${file}`, 'python', version, content, file);
      try {
        assertReadsAsWhole(doc, doc.parse(fixture.parser), `${file} opened`);
        for (let i = 0; i < 40; i++) {
          const text = doc.text.getText();
          const pos = (offset: number) => doc.text.offsetAt(doc.text.positionAt(offset));
          const start = pos(Math.floor(next() * text.length));
          const end = next() < 0.3 ? pos(Math.min(text.length, start + Math.floor(next() * 40))) : start;
          const inserted = next() < 0.15 ? BREAKERS[Math.floor(next() * BREAKERS.length)]! : PIECES[Math.floor(next() * PIECES.length)]!;
          // one or two edits between two reads
          doc.update([{ range: { start: doc.text.positionAt(start), end: doc.text.positionAt(end) }, text: inserted }], ++version);
          if (next() < 0.3) {
            const again = pos(Math.floor(next() * doc.text.getText().length));
            doc.update([{ range: { start: doc.text.positionAt(again), end: doc.text.positionAt(again) }, text: PIECES[Math.floor(next() * PIECES.length)]! }], ++version);
          }
          const tree = doc.parse(fixture.parser);
          if (tree.rootNode.hasError) broken++;
          assertReadsAsWhole(doc, tree, `${file} at version ${version}`);
        }
      } finally {
        doc.dispose();
      }
    }
    assert.ok(broken >= 300, `only ${broken} versions with syntax errors`);
  });

  it('edits found by fuzzing, where a statement depends on the token before it or runs on past its node: what is read equals a whole read', () => {
    const cases: { text: string; edits: [number, number, string][] }[] = [
      // a line continuation typed after the statement before an import: the import now goes on from that line
      {
        text: 'EXAMPLE = "import app.agents.execution_engine_consolidated"\nimport app.données.anciens, app.a    def g():\nEXAMPLE = "import app.agents.execf as zrom a.b import (c,',
        edits: [[59, 59, '\\\n'], [118, 118, 'import a.b']],
      },
      // an edit far inside a statement that error recovery left running on past its node
      {
        text: 'from t  \\\nass Service1:\n    declass C(\nclass Service2:\n  ]  im; import sysport os.path\n x     app.websocket_core.unified_manager import get_websocket_manager\nfrom app.db import (engine,  # ssot: ignore\n    )\nfrom \\\nimport app.db.session_factory as sessioexcept ImportError:',
        edits: [[240, 265, 'import\n'], [211, 211, 'ERROR']],
      },
    ];
    for (const [n, { text, edits }] of cases.entries()) {
      const doc = OpenDocument.open('file:///w/found.py', 'python', 1, text, '/w/found.py');
      try {
        doc.read(doc.parse(fixture.parser));
        let version = 1;
        for (const [start, end, inserted] of edits) doc.update([{ range: { start: doc.text.positionAt(start), end: doc.text.positionAt(end) }, text: inserted }], ++version);
        const tree = doc.parse(fixture.parser);
        assert.ok(tree.rootNode.hasError);
        assertReadsAsWhole(doc, tree, `case ${n}`);
      } finally {
        doc.dispose();
      }
    }
  });

  it('typing and deleting at every offset of a broken file of multi-line imports: what is read equals a whole read', () => {
    const text = [
      'import os',
      'def half_written(:',
      'from pkg.old import (alpha,',
      'beta as b,',
      '    gamma)',
      'from pkg import (',
      '    one,  # ssot: ignore',
      ')',
      'x = [1,',
      'import sys, \\',
      '    json',
      '@patch("pkg.old.alpha")',
      'def test_one(m):',
      '    from pkg.mod import thing',
      '    importlib.import_module("pkg.old")',
      '',
    ].join('\n');
    let compared = 0;
    typeAndDeleteEverywhere(fixture.parser, text, [' ', 'x', '\n', '(', ')', ',', '"', 'import '], (doc, tree, label) => {
      if (tree.rootNode.hasError) compared++;
      assertReadsAsWhole(doc, tree, label);
    });
    assert.ok(compared >= 2000, `only ${compared} broken versions compared`);
  });
});
