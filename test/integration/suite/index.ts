/**
 * Entry point VS Code's extension host loads as `extensionTestsPath`: runs every *.test.js next
 * to it with mocha and prints `N passed, N failed`. Writes the result to $SSOT_IT_RESULT for the
 * harness (test/integration/run.ts), which fails the run when this file is never written.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type MochaType from 'mocha';

// mocha 12's package entry is an ES module; its CommonJS build loads in any extension host.
const Mocha = createRequire(__filename)('mocha/lib/mocha.cjs') as typeof MochaType;

export async function run(): Promise<void> {
  // no .only, no skipped tests: every test of the suite runs, every time
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 30_000, forbidOnly: true, forbidPending: true });
  const files = readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  if (files.length === 0) throw new Error(`no *.test.js files in ${__dirname}: run npm run build`);
  for (const file of files) mocha.addFile(join(__dirname, file));

  const stats = await new Promise<MochaType.Stats>((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats ?? { passes: 0, failures: 1, pending: 0, suites: 0, tests: 0, duration: 0 }));
  });
  const summary = `${stats.passes} passed, ${stats.failures} failed`;
  console.log(summary);
  if (process.env.SSOT_IT_RESULT) writeFileSync(process.env.SSOT_IT_RESULT, JSON.stringify({ passed: stats.passes, failed: stats.failures }));
  if (stats.failures > 0 || stats.passes === 0) throw new Error(summary);
}
