/**
 * The saved report of `check` (src/cli/resultCache.ts): replayed when nothing it depends on has
 * changed, and never when something has. Each test saves a report, marks its messages so that a
 * replay shows, changes one input, and expects exactly what a run without any cache prints.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TempWorkspace } from '../support/tempWorkspace';
import { age, FILES, REGISTRY, type JsonReport } from './indexWorkspace';
import { CLI, runCli } from './runCli';

const MARK = ' (saved)';

/** A workspace of its own, with its own cache folder. */
class Scenario {
  readonly ws = new TempWorkspace(FILES);
  readonly cacheDir = mkdtempSync(join(tmpdir(), 'ssot-results-cache-'));

  constructor() {
    age(this.ws, Object.keys(FILES));
  }

  run(args: string[]) {
    return runCli(args, this.ws.root, { cacheDir: this.cacheDir });
  }

  /** The report files saved so far. */
  saved(): string[] {
    return readdirSync(this.cacheDir).filter((f) => f.startsWith('results-'));
  }

  /** Appends MARK to every message of every saved report: a run that prints it replayed one. */
  mark(): void {
    const files = this.saved();
    assert.ok(files.length > 0, 'a report was saved');
    for (const file of files) {
      const path = join(this.cacheDir, file);
      const doc = JSON.parse(readFileSync(path, 'utf8')) as { outcomes: [string, string | null, unknown[][]][] };
      for (const [, , rows] of doc.outcomes) for (const row of rows) row[6] = `${row[6] as string}${MARK}`;
      writeFileSync(path, JSON.stringify(doc));
    }
  }

  /** Saves a report, checks that it is replayed, and leaves it marked. */
  saveAndMark(args: string[] = []): void {
    const cold = this.run(['check', '--format', 'json', ...args, '--no-cache']);
    assert.equal(this.run(['check', '--format', 'json', ...args]).stdout, cold.stdout);
    this.mark();
    const replayed = this.run(['check', '--format', 'json', ...args]);
    assert.equal(replayed.code, 1);
    assert.ok(replayed.stdout.includes(MARK), 'nothing changed: the saved report is replayed');
    assert.equal(replayed.stdout.replaceAll(MARK, ''), cold.stdout);
  }

  /** A run now prints what a run without any cache does: the saved report was not replayed. */
  assertFresh(args: string[] = [], format = 'json'): string {
    const now = this.run(['check', '--format', format, ...args]);
    const cold = this.run(['check', '--format', format, ...args, '--no-cache']);
    assert.ok(!now.stdout.includes(MARK), `a stale report was replayed:\n${now.stdout}`);
    assert.equal(now.stdout, cold.stdout);
    assert.equal(now.code, cold.code);
    return now.stdout;
  }

  dispose(): void {
    this.ws.dispose();
    rmSync(this.cacheDir, { recursive: true, force: true });
  }
}

const codes = (stdout: string) => (JSON.parse(stdout) as JsonReport).findings.map((f) => f.code);

describe('ssot-imports check: the saved report of the last run (CLI)', function () {
  this.timeout(60_000);
  const scenarios: Scenario[] = [];
  const scenario = () => scenarios.shift()!;
  before(() => {
    for (let i = 0; i < 11; i++) scenarios.push(new Scenario());
    // a file changed within RACY_MS (2 s) of a run is never trusted on its stamps alone: the
    // workspaces' files (their ctimes are the set-up's) must be older than that
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2100);
  });
  after(() => scenarios.forEach((s) => s.dispose()));

  it('nothing changed: the report is replayed in every format, with the same exit status', () => {
    const s = scenario();
    s.saveAndMark();
    for (const format of ['text', 'github', 'sarif']) {
      const replayed = s.run(['check', '--format', format]);
      assert.equal(replayed.code, 1);
      assert.equal(replayed.stdout.replaceAll(MARK, ''), s.run(['check', '--format', format, '--no-cache']).stdout, format);
      assert.ok(replayed.stdout.includes(MARK), format);
    }
  });

  it('an edited registry', () => {
    const s = scenario();
    s.saveAndMark();
    s.ws.write({ 'ssot-imports.toml': `${REGISTRY}\n[[rule]]\nfrom = "app.settings"\nto = "app.core.configuration"\n` });
    assert.equal(codes(s.assertFresh()).filter((c) => c === 'SSOT001').length, 5);
  });

  it('a compiled module or a folder appears beside the sources: the missing module is found', () => {
    const s = scenario();
    s.saveAndMark();
    s.ws.write({ 'app/utils/helpers.cpython-311-x86_64-linux-gnu.so': '' });
    assert.ok(!codes(s.assertFresh()).includes('SSOT003'));
    const t = scenario();
    t.saveAndMark();
    mkdirSync(t.ws.path('app/utils/helpers'));
    assert.ok(!codes(t.assertFresh()).includes('SSOT003'));
  });

  it('a .gitignore that now leaves a module out, and a module deleted', () => {
    const s = scenario();
    s.ws.write({ '.gitignore': 'build/\n' });
    s.saveAndMark();
    // the same folder entries, other files discovered
    s.ws.write({ '.gitignore': 'app/core/twice.py\n' });
    const ignored = s.assertFresh();
    assert.ok(!(JSON.parse(ignored) as JsonReport).findings.some((f) => f.message.includes("'app.core.twice'")), ignored);
    const t = scenario();
    t.saveAndMark();
    unlinkSync(t.ws.path('app/models/settings_impl.py'));
    assert.ok(!(JSON.parse(t.assertFresh()) as JsonReport).findings.some((f) => f.message.includes('settings_impl')));
  });

  it('a changed file whose size and mtime were put back: its ctime tells', () => {
    const s = scenario();
    s.saveAndMark();
    const file = s.ws.path('app/settings.py');
    const before = statSync(file);
    writeFileSync(file, 'ONLY = True\n'); // as long as 'DEBUG = True\n'
    utimesSync(file, before.atime, before.mtime);
    assert.equal(statSync(file).mtimeMs, before.mtimeMs);
    assert.ok(s.assertFresh().includes("'DEBUG' is not defined in 'app.settings'"));
  });

  it('other paths and other codes have reports of their own', () => {
    const s = scenario();
    s.saveAndMark();
    s.assertFresh(['app/core']);
    s.assertFresh(['--select', 'SSOT003']);
    s.assertFresh(['app/main.py', 'app/settings.py']);
    s.assertFresh(['app/main.py', 'app/core/twice.py']);
  });

  it('a rebuilt tool does not replay the reports of the old one', () => {
    const s = scenario();
    s.saveAndMark();
    const built = statSync(CLI);
    try {
      utimesSync(CLI, built.atime, new Date(built.mtimeMs + 1000));
      s.assertFresh();
    } finally {
      utimesSync(CLI, built.atime, built.mtime);
    }
  });

  it('a corrupt or truncated report is ignored and written again; --no-cache neither reads nor writes one', () => {
    const s = scenario();
    s.saveAndMark();
    const [file] = s.saved();
    const path = join(s.cacheDir, file!);
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.slice(0, text.length / 2));
    s.assertFresh();
    assert.ok(JSON.parse(readFileSync(path, 'utf8')), 'written again, whole');
    writeFileSync(path, text.replace('"outcomes":[', '"outcomes":[["app/main.py",null,[[1,2,3]]],'));
    s.assertFresh();

    const t = scenario();
    t.run(['check', '--no-cache']);
    assert.deepEqual(t.saved(), []);
    t.saveAndMark();
    const printed = t.run(['check', '--format', 'json', '--no-cache']).stdout;
    assert.ok(!printed.includes(MARK));
  });
});
