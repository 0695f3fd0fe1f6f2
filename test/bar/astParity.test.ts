/**
 * Bar test: the CLI's findings equal those of an independent oracle built on CPython's own
 * `ast` and `tokenize` (test/oracle/expected_findings.py), on a ~3000-file synthetic monorepo
 * using every import form, and on examples/demo-workspace. The oracle knows the registry's codes
 * (SSOT001, SSOT004): the CLI's registry-only run (`--select SSOT001,SSOT004`, which parses only
 * the files its text filter lets through) must print exactly the oracle's findings, and its full
 * run (every file parsed for the workspace index) the same ones beside its SSOT002/SSOT003.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { runCli as runCliProcess } from '../cli/runCli';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ReportFinding } from '../../src/cli/report';
import { generateWorkspace } from '../support/generateWorkspace';

const REPO = resolve(__dirname, '..', '..');
const CLI = join(REPO, 'dist', 'cli.js');
const REGISTRY_CODES = ['SSOT001', 'SSOT004'];
const ORACLE = join(REPO, 'test', 'oracle', 'expected_findings.py');
const PYTHON = '/usr/bin/python3';
const MAX_BUFFER = 512 * 1024 * 1024;


describe('bar: CLI findings equal the Python ast/tokenize oracle', function () {
  this.timeout(180_000);
  let dir = '';
  let cli: ReportFinding[] | undefined; // the CLI's registry-only output on `dir`, as printed (run once)

  const cliOnGenerated = (): ReportFinding[] => (cli ??= runCli(dir, ['--select', REGISTRY_CODES.join(',')]));

  before(function () {
    dir = mkdtempSync(join(tmpdir(), 'ssot-parity-'));
    generateWorkspace(dir, { files: 3000, seed: 20240611 });
  });

  after(function () {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('on a generated 3000-file monorepo', function () {
    const expected = runOracle(dir);
    assert.ok(expected.length > 1000, `the oracle found only ${expected.length} findings: generator or oracle broken`);
    assertSameFindings(expected, sorted(cliOnGenerated()));
    // the full check (with the index) reports the same registry findings, and besides them only the index's codes
    const full = runCli(dir, []);
    assert.deepEqual([...new Set(full.map((f) => f.code))].filter((c) => !REGISTRY_CODES.includes(c)).sort(), ['SSOT002', 'SSOT003']);
    assertSameFindings(expected, sorted(full.filter((f) => REGISTRY_CODES.includes(f.code))));
  });

  it('prints findings sorted by file, line and column', function () {
    const printed = cliOnGenerated();
    const i = printed.findIndex((f, k) => k > 0 && byPosition(printed[k - 1]!, f, false) > 0);
    assert.ok(i < 0, `out of order: ${i < 0 ? '' : `${show(printed[i - 1]!)}\n  before ${show(printed[i]!)}`}`);
  });

  it('on examples/demo-workspace, which has no broken import', function () {
    const demo = join(REPO, 'examples', 'demo-workspace');
    const expected = runOracle(demo);
    assert.ok(expected.length > 0, 'the demo workspace has no findings');
    assertSameFindings(expected, sorted(runCli(demo, ['--select', REGISTRY_CODES.join(',')])));
    assertSameFindings(expected, sorted(runCli(demo, [])));
  });
});

/** `ssot-imports check --format json … dir`; exit 1 just means "there are findings". */
function runCli(dir: string, args: string[]): ReportFinding[] {
  assert.ok(existsSync(CLI), `${CLI} is missing: run \`npm run build\` first`);
  const r = runCliProcess(['check', '--format', 'json', ...args, dir], dir, { maxBuffer: MAX_BUFFER });
  assert.ok(r.code === 0 || r.code === 1, `CLI exited with ${r.code}: ${r.stderr}`);
  return findingsOf(r.stdout, 'CLI');
}

function runOracle(dir: string): ReportFinding[] {
  const r = spawnSync(PYTHON, [ORACLE, dir], { encoding: 'utf8', maxBuffer: MAX_BUFFER });
  assert.equal(r.status, 0, `oracle failed: ${r.stderr}`);
  return sorted(findingsOf(r.stdout, 'oracle'));
}

function findingsOf(stdout: string, who: string): ReportFinding[] {
  let report: { version?: unknown; findings?: unknown };
  try {
    report = JSON.parse(stdout) as typeof report;
  } catch (e) {
    assert.fail(`${who} did not print JSON (${String(e)}): ${stdout.slice(0, 500)}`);
  }
  assert.equal(report.version, 1, `${who}: "version" must be 1`);
  assert.ok(Array.isArray(report.findings), `${who}: "findings" must be an array`);
  return report.findings as ReportFinding[];
}

function sorted(findings: ReportFinding[]): ReportFinding[] {
  return [...findings].sort((a, b) => byPosition(a, b, true));
}

const key = (f: ReportFinding): string =>
  JSON.stringify([f.file, f.line, f.column, f.endLine, f.endColumn, f.code, f.severity, f.message]);

/** file, line, column; with `total`, then everything else, so both sides sort identically. */
function byPosition(a: ReportFinding, b: ReportFinding, total: boolean): number {
  const cmp = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  const order = cmp(a.file, b.file) || a.line - b.line || a.column - b.column;
  if (order !== 0 || !total) return order;
  return cmp(a.message, b.message) || cmp(key(a), key(b));
}

function show(f: ReportFinding): string {
  return `${f.file}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} [${f.severity}] ${f.message}`;
}

/** Findings only the oracle has (missing from the CLI) and only the CLI has (extra). */
function diff(expected: ReportFinding[], actual: ReportFinding[]): { missing: ReportFinding[]; extra: ReportFinding[] } {
  const unmatched = new Map<string, number>();
  for (const f of actual) unmatched.set(key(f), (unmatched.get(key(f)) ?? 0) + 1);
  const missing = expected.filter((f) => {
    const n = unmatched.get(key(f)) ?? 0;
    if (n > 0) unmatched.set(key(f), n - 1);
    return n === 0;
  });
  const extra = actual.filter((f) => {
    const n = unmatched.get(key(f)) ?? 0;
    if (n > 0) unmatched.set(key(f), n - 1);
    return n > 0;
  });
  return { missing, extra };
}

/** deepStrictEqual, but a failure lists the first differences rather than two huge arrays. */
function assertSameFindings(expected: ReportFinding[], actual: ReportFinding[], limit = 20): void {
  const { missing, extra } = diff(expected, actual);
  if (missing.length > 0 || extra.length > 0) {
    assert.fail(
      [
        `CLI and oracle disagree: ${missing.length} missing from the CLI, ${extra.length} extra ` +
          `(oracle ${expected.length}, CLI ${actual.length})`,
        ...(missing.length > 0 ? ['missing (oracle only):', ...missing.slice(0, limit).map((f) => `  - ${show(f)}`)] : []),
        ...(extra.length > 0 ? ['extra (CLI only):', ...extra.slice(0, limit).map((f) => `  + ${show(f)}`)] : []),
      ].join('\n'),
    );
  }
  assert.deepStrictEqual(actual, expected);
}
