/**
 * VS Code desktop through @vscode/test-electron: the local VS Code named by VSCODE_EXECUTABLE
 * (its Electron binary, e.g. /usr/share/code/code, not the `code` shell script), else a VS Code
 * that test-electron downloads into .vscode-test/ (needs internet). Needs a display on Linux
 * (run under xvfb-run on a headless machine).
 */
import { runTests, TestRunFailedError } from '@vscode/test-electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { endRun } from './processes';
import { HostUnavailable, type HostRun } from './webHost';

export async function runInElectron(run: HostRun): Promise<number> {
  const vscodeExecutablePath = process.env.VSCODE_EXECUTABLE;
  if (vscodeExecutablePath && !existsSync(vscodeExecutablePath)) {
    throw new HostUnavailable(`VSCODE_EXECUTABLE=${vscodeExecutablePath} does not exist (give the VS Code executable, e.g. /usr/share/code/code).`);
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    console.warn('[electron host] no DISPLAY: VS Code desktop needs one (run under xvfb-run -a), or use the web host (npm run test:e2e)');
  }
  console.log(`[electron host] ${vscodeExecutablePath ? `VS Code at ${vscodeExecutablePath}` : 'downloading VS Code (stable) with @vscode/test-electron'}`);
  const tests = runTests({
    ...(vscodeExecutablePath ? { vscodeExecutablePath } : {}),
    extensionDevelopmentPath: run.extensionDevelopmentPath,
    extensionTestsPath: run.extensionTestsPath,
    extensionTestsEnv: run.env,
    launchArgs: [
      run.workspace,
      '--disable-extensions', // only the extension under test (built-in ones stay)
      `--user-data-dir=${join(run.tmp, 'user-data')}`,
      `--extensions-dir=${join(run.tmp, 'extensions')}`,
    ],
  });
  const aborted = new Promise<never>((_, reject) => run.signal.addEventListener('abort', () => reject(run.signal.reason as Error), { once: true }));
  try {
    return await Promise.race([tests, aborted]);
  } catch (e) {
    // runTests rejects with TestRunFailedError when VS Code exits non-zero (failing tests)
    if (e instanceof TestRunFailedError) return e.code ?? 1;
    throw e;
  } finally {
    // on a timeout or signal VS Code is still running: its processes carry the run's temp folder
    const left = await endRun(run.tmp);
    if (left.length > 0) console.error(`[electron host] processes still alive after the run: ${left.join(' ')}`);
  }
}
