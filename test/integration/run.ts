/**
 * Runs the in-editor integration suite (test/integration/suite, bundled by `npm run build` into
 * out/integration/suite) inside a real VS Code, against a fresh copy of examples/demo-workspace.
 *
 *   node --import tsx test/integration/run.ts [--host auto|web|electron]
 *
 *   web       headless VS Code server + Chromium (webHost.ts); installs itself on first use
 *   electron  VS Code desktop via @vscode/test-electron (electronHost.ts)
 *   auto      electron when VSCODE_EXECUTABLE names a local VS Code, else web (the default)
 *
 * Environment: VSCODE_EXECUTABLE, CHROMIUM_PATH, SSOT_SCREENSHOT_DIR (default
 * .vscode-test/screenshots), SSOT_IT_TIMEOUT (seconds, default 300), SSOT_IT_VERBOSE=1.
 *
 * The run fails unless the suite itself reports at least one passed test and none failed: a
 * host that cannot start, or a suite that does not run, is a failure with a message, never a pass.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runInElectron } from './electronHost';
import { HostUnavailable, prepareWebHost, REPO, runInWebHost, type HostRun } from './webHost';

interface SuiteResult {
  passed: number;
  failed: number;
}

const { values } = parseArgs({ options: { host: { type: 'string', default: 'auto' } } });
const host = values.host === 'auto' ? (process.env.VSCODE_EXECUTABLE ? 'electron' : 'web') : values.host;
if (host !== 'web' && host !== 'electron') {
  console.error(`unknown --host ${host}: use web, electron or auto`);
  process.exit(2);
}

const timeoutSec = Number(process.env.SSOT_IT_TIMEOUT ?? 300);
const started = Date.now();
const fixture = join(REPO, 'examples/demo-workspace');
const suite = join(REPO, 'out/integration/suite');

async function main(signal: AbortSignal): Promise<number> {
  for (const [path, fix] of [
    [join(REPO, 'dist/extension.js'), 'npm run build'],
    [join(suite, 'index.js'), 'npm run build'],
    [join(fixture, 'ssot-imports.toml'), 'restore examples/demo-workspace'],
  ] as const) {
    if (!existsSync(path)) throw new HostUnavailable(`${path} is missing: ${fix}`);
  }
  if (host === 'web') prepareWebHost();

  const tmp = mkdtempSync(join(tmpdir(), 'ssot-it-'));
  try {
    // a fresh copy of the demo workspace for every run: the tests edit it
    const workspace = join(tmp, 'demo-workspace');
    cpSync(fixture, workspace, { recursive: true, filter: (src) => !['__pycache__', '.pytest_cache', '.vscode'].includes(basename(src)) });
    const resultFile = join(tmp, 'result.json');
    const run: HostRun = {
      extensionDevelopmentPath: REPO,
      extensionTestsPath: suite,
      workspace,
      tmp,
      // the language server's and the CLI's index cache go to the run's temp folder, not ~/.cache
      env: { SSOT_IT_RESULT: resultFile, SSOT_IMPORTS_CACHE_DIR: join(tmp, 'index-cache') },
      screenshotDir: resolve(REPO, process.env.SSOT_SCREENSHOT_DIR ?? '.vscode-test/screenshots'),
      signal,
    };
    console.log(`[integration] ${host} host; workspace ${workspace}`);
    const code = host === 'web' ? await runInWebHost(run) : await runInElectron(run);
    const result = existsSync(resultFile) ? (JSON.parse(readFileSync(resultFile, 'utf8')) as SuiteResult) : undefined;
    if (!result) {
      console.error(`[integration] the suite reported no result (VS Code exited with ${code}): it did not run`);
      return 1;
    }
    console.log(`[integration] ${host} host: ${result.passed} passed, ${result.failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return code === 0 && result.failed === 0 && result.passed > 0 ? 0 : 1;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

// A signal or the timeout aborts the run; the hosts then end their processes, and main() removes
// the temp folder, before we exit.
const controller = new AbortController();
let abortCode = 1;
const stop = (why: string, code: number) => {
  abortCode = code;
  controller.abort(new Error(why));
};
process.once('SIGINT', () => stop('interrupted (SIGINT)', 130));
process.once('SIGTERM', () => stop('terminated (SIGTERM)', 143));
setTimeout(() => stop(`timed out after ${timeoutSec} s (SSOT_IT_TIMEOUT)`, 1), timeoutSec * 1000).unref();

main(controller.signal).then(
  (code) => process.exit(code),
  (e: unknown) => {
    const unavailable = e instanceof HostUnavailable;
    console.error(`[integration] ${unavailable ? `cannot start the ${host} host: ` : ''}${e instanceof Error ? e.message : String(e)}`);
    process.exit(controller.signal.aborted ? abortCode : 1);
  },
);
