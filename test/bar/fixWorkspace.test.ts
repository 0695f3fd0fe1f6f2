/**
 * Bar test for `ssot-imports fix` on a generated ~3000-file monorepo using every import form:
 * afterwards `check` finds only imports that have no replacement, every changed file still
 * compiles with CPython, and outside import statements the only lines that changed are ones
 * that spelled a deprecated path (dotted uses and patch() strings that follow the import).
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseRegistry } from '../../src/engine/registry/parse';
import { generateWorkspace } from '../support/generateWorkspace';

const REPO = resolve(__dirname, '..', '..');
const CLI = join(REPO, 'dist', 'cli.js');

function cli(args: string[], cwd: string) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
}

describe('bar: ssot-imports fix on a generated monorepo', function () {
  this.timeout(300_000);
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ssot-fixbar-'));
    generateWorkspace(dir, { files: 3000, seed: 7 });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves only findings without replacement, compiles, and changes nothing but imports and deprecated spellings', () => {
    const listed = JSON.parse(cli(['check', '--format', 'json'], dir).stdout) as { findings: { file: string }[] };
    const files = [...new Set(listed.findings.map((f) => f.file))];
    const before = new Map(files.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
    assert.ok(listed.findings.length > 1000, `only ${listed.findings.length} findings to fix: generator broken?`);

    const fix = cli(['fix'], dir);
    assert.ok(fix.status === 0 || fix.status === 1, fix.stderr);
    assert.doesNotMatch(fix.stderr, /not fixed/, 'no fix was refused');

    const left = JSON.parse(cli(['check', '--format', 'json'], dir).stdout) as { findings: { file: string; line: number; message: string }[] };
    const fixable = left.findings.filter((f) => !f.message.includes('has no replacement'));
    assert.deepEqual(fixable.slice(0, 5), [], `${fixable.length} fixable findings remain`);
    assert.match(cli(['fix'], dir).stderr, /^Fixed 0 deprecated imports in 0 files\./, 'a second fix changes nothing');

    // CPython's view of each changed file
    const changed = files.filter((f) => readFileSync(join(dir, f), 'utf8') !== before.get(f));
    assert.ok(changed.length > 100, `only ${changed.length} files changed`);
    const bomless = (text: string) => text.replace(/^\uFEFF/, ''); // compile() takes a str without it
    const input = changed
      .map((f) => {
        const [was, now] = [before.get(f)!, readFileSync(join(dir, f), 'utf8')];
        assert.equal(now.startsWith('\uFEFF'), was.startsWith('\uFEFF'), `${f}: byte order mark not kept`);
        return JSON.stringify({ path: f, before: bomless(was), after: bomless(now) });
      })
      .join('\n');
    const python = spawnSync('/usr/bin/python3', [join(__dirname, 'non_import_lines.py')], { input, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
    assert.equal(python.status, 0, python.stderr);
    const deprecated = deprecatedSpellings(readFileSync(join(dir, 'ssot-imports.toml'), 'utf8'));
    for (const line of python.stdout.trim().split('\n')) {
      const result = JSON.parse(line) as { path: string; compiles: boolean; error: string | null; before?: string[]; after?: string[] };
      assert.ok(result.compiles, `${result.path} no longer compiles: ${result.error}`);
      assert.equal(result.after!.length, result.before!.length, `${result.path}: lines outside imports were added or removed`);
      result.before!.forEach((old, i) => {
        const now = result.after![i]!;
        if (old !== now) assert.ok(deprecated.some((d) => old.includes(d)), `${result.path}: a line outside imports changed:\n- ${old}\n+ ${now}`);
      });
    }
  });
});

/** The module paths the registry deprecates (package rules without their `.*`), and renamed names. */
function deprecatedSpellings(registry: string): string[] {
  const { rules } = parseRegistry(registry, 'ssot-imports.toml', 'ssot-imports.toml');
  return rules.flatMap((r) => [r.module, ...(r.name ? [r.name] : [])]);
}
