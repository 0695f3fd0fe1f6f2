/**
 * Bar test for `ssot-imports fix` on a generated ~3000-file monorepo using every import form.
 * The registry's fixes (`--select SSOT001,SSOT004`): afterwards `check` finds only imports that
 * have no replacement, every changed file still compiles with CPython, and outside import
 * statements the only lines that changed are ones that spelled a deprecated path (dotted uses and
 * patch() strings that follow the import). Then the workspace index's fixes (a plain `fix`, on
 * the generator's many missing names and modules): fewer broken imports, no new deprecated one,
 * every changed file still compiles, and a second run changes nothing.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRegistry } from '../../src/engine/registry/parse';
import { generateWorkspace } from '../support/generateWorkspace';

import { runCli } from '../cli/runCli';

const REGISTRY_ONLY = ['--select', 'SSOT001,SSOT004'];

function cli(args: string[], cwd: string) {
  const r = runCli(args, cwd, { maxBuffer: 512 * 1024 * 1024 });
  return { status: r.code, stdout: r.stdout, stderr: r.stderr };
}

interface Finding {
  file: string;
  line: number;
  code: string;
  message: string;
}

/** CPython's verdict on each changed file: compiles, and its lines outside import statements before and after. */
function compileChanged(changed: { path: string; before: string; after: string }[]) {
  const bomless = (text: string) => text.replace(/^\uFEFF/, ''); // compile() takes a str without it
  const input = changed.map((c) => JSON.stringify({ path: c.path, before: bomless(c.before), after: bomless(c.after) })).join('\n');
  const python = spawnSync('/usr/bin/python3', [join(__dirname, 'non_import_lines.py')], { input, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  assert.equal(python.status, 0, python.stderr);
  return python.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { path: string; compiles: boolean; error: string | null; before?: string[]; after?: string[] });
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
    const listed = JSON.parse(cli(['check', '--format', 'json', ...REGISTRY_ONLY], dir).stdout) as { findings: Finding[] };
    const files = [...new Set(listed.findings.map((f) => f.file))];
    const before = new Map(files.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
    assert.ok(listed.findings.length > 1000, `only ${listed.findings.length} findings to fix: generator broken?`);

    const fix = cli(['fix', ...REGISTRY_ONLY], dir);
    assert.ok(fix.status === 0 || fix.status === 1, fix.stderr);
    assert.doesNotMatch(fix.stderr, /not fixed/, 'no fix was refused');

    const left = JSON.parse(cli(['check', '--format', 'json', ...REGISTRY_ONLY], dir).stdout) as { findings: Finding[] };
    const fixable = left.findings.filter((f) => !f.message.includes('has no replacement'));
    assert.deepEqual(fixable.slice(0, 5), [], `${fixable.length} fixable findings remain`);
    assert.match(cli(['fix', ...REGISTRY_ONLY], dir).stderr, /^Fixed 0 deprecated imports in 0 files\./, 'a second fix changes nothing');

    // CPython's view of each changed file
    const changed = files.filter((f) => readFileSync(join(dir, f), 'utf8') !== before.get(f));
    assert.ok(changed.length > 100, `only ${changed.length} files changed`);
    const results = compileChanged(
      changed.map((f) => {
        const [was, now] = [before.get(f)!, readFileSync(join(dir, f), 'utf8')];
        assert.equal(now.startsWith('\uFEFF'), was.startsWith('\uFEFF'), `${f}: byte order mark not kept`);
        return { path: f, before: was, after: now };
      }),
    );
    const deprecated = deprecatedSpellings(readFileSync(join(dir, 'ssot-imports.toml'), 'utf8'));
    for (const result of results) {
      assert.ok(result.compiles, `${result.path} no longer compiles: ${result.error}`);
      assert.equal(result.after!.length, result.before!.length, `${result.path}: lines outside imports were added or removed`);
      result.before!.forEach((old, i) => {
        const now = result.after![i]!;
        if (old !== now) assert.ok(deprecated.some((d) => old.includes(d)), `${result.path}: a line outside imports changed:\n- ${old}\n+ ${now}`);
      });
    }
  });

  it('then fixes unambiguous broken imports (SSOT002, SSOT003): fewer of them, no new deprecated import, still compiles, and a second run changes nothing', () => {
    const count = (findings: Finding[], codes: string[]) => findings.filter((f) => codes.includes(f.code)).length;
    cli(['fix', ...REGISTRY_ONLY], dir); // what the test above did, in case it did not run
    const listed = JSON.parse(cli(['check', '--format', 'json'], dir).stdout) as { findings: Finding[] };
    const broken = count(listed.findings, ['SSOT002', 'SSOT003']);
    assert.ok(broken > 1000, `only ${broken} broken imports: the generator's missing names and modules are gone?`);
    const all = [...new Set(listed.findings.map((f) => f.file))];
    const before = new Map(all.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

    const fix = cli(['fix'], dir);
    assert.equal(fix.status, 1, 'ambiguous and candidate-less broken imports are left');
    const fixed = /^Fixed 0 deprecated imports and (\d+) broken imports in (\d+) files\./.exec(fix.stderr);
    assert.ok(fixed, fix.stderr.slice(0, 500));
    assert.ok(Number(fixed[1]) > 100, `only ${fixed[1]} broken imports fixed`);

    const left = JSON.parse(cli(['check', '--format', 'json'], dir).stdout) as { findings: Finding[] };
    assert.equal(count(left.findings, ['SSOT002', 'SSOT003']), broken - Number(fixed[1]));
    assert.equal(count(left.findings, ['SSOT001', 'SSOT004']), count(listed.findings, ['SSOT001', 'SSOT004']), 'no import was moved to a deprecated place');
    const again = cli(['fix'], dir);
    assert.match(again.stderr, /^Fixed 0 deprecated imports in 0 files\./, 'a second fix changes nothing');

    const changed = all.filter((f) => readFileSync(join(dir, f), 'utf8') !== before.get(f));
    assert.equal(changed.length, Number(fixed[2]));
    for (const result of compileChanged(changed.map((f) => ({ path: f, before: before.get(f)!, after: readFileSync(join(dir, f), 'utf8') })))) {
      assert.ok(result.compiles, `${result.path} no longer compiles: ${result.error}`);
    }
  });
});

/** The module paths the registry deprecates (package rules without their `.*`), and renamed names. */
function deprecatedSpellings(registry: string): string[] {
  const { rules } = parseRegistry(registry, 'ssot-imports.toml', 'ssot-imports.toml');
  return rules.flatMap((r) => [r.module, ...(r.name ? [r.name] : [])]);
}
