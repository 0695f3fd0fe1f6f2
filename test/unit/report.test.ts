import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { Finding } from '../../src/engine/findings';
import { toReportFinding } from '../../src/cli/report';

const root = join('/ws', 'project');

function finding(startLine: number, startChar: number, endLine: number, endChar: number): Finding {
  return {
    code: 'SSOT001',
    severity: 'warning',
    message: "'a.b' is deprecated: import 'c.d'",
    range: { start: { line: startLine, character: startChar }, end: { line: endLine, character: endChar } },
    ruleFrom: 'a.b',
    origin: { file: join(root, 'ssot-imports.toml'), line: 2 },
  };
}

/** The 1-based span toReportFinding gives for the UTF-16 range the engine would report. */
function span(text: string, startLine: number, startChar: number, endLine: number, endChar: number) {
  const r = toReportFinding(root, join(root, 'src', 'app', 'main.py'), text, finding(startLine, startChar, endLine, endChar));
  return [r.line, r.column, r.endLine, r.endColumn];
}

describe('toReportFinding', () => {
  it('keeps everything but the range, with a workspace-relative POSIX path', () => {
    const r = toReportFinding(root, join(root, 'src', 'app', 'main.py'), 'import a.b\n', finding(0, 7, 0, 10));
    assert.deepEqual(r, {
      file: 'src/app/main.py',
      line: 1,
      column: 8,
      endLine: 1,
      endColumn: 11,
      code: 'SSOT001',
      severity: 'warning',
      message: "'a.b' is deprecated: import 'c.d'",
    });
  });

  it('counts an astral character (two UTF-16 units) as one column', () => {
    const line = 's = "😀😀"; import a.b';
    const start = line.indexOf('a.b');
    assert.equal(start, 19);
    assert.deepEqual(span(`x = 1\n${line}\n`, 1, start, 1, start + 3), [2, 18, 2, 21]);
  });

  it('counts a BMP non-ASCII character as one column', () => {
    assert.deepEqual(span('é = 1; import a.b\n', 0, 14, 0, 17), [1, 15, 1, 18]);
  });

  it('converts both ends of a multi-line range against their own lines', () => {
    const text = 'from a.b import (  # 🐍\n    X, 🐍Y,\n)\n';
    const end = text.split('\n')[1]!.indexOf('Y') + 1;
    assert.equal(end, 10);
    assert.deepEqual(span(text, 0, 5, 1, end), [1, 6, 2, 10]);
  });

  it('treats \\r\\n as the terminator and clamps past the end of the line', () => {
    const text = 'import 😀\r\nimport a.b\r\n';
    assert.deepEqual(span(text, 0, 7, 0, 999), [1, 8, 1, 9]);
    assert.deepEqual(span(text, 1, 7, 1, 999), [2, 8, 2, 11]);
  });

  it('keeps a lone \\r as part of the line', () => {
    assert.deepEqual(span('import a\r', 0, 0, 0, 999), [1, 1, 1, 10]);
  });

  it('gives column 1 for a line past the end of the text', () => {
    assert.deepEqual(span('import a\n', 5, 3, 5, 4), [6, 1, 6, 1]);
  });
});
