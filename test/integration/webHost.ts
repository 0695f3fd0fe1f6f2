/**
 * The headless VS Code host: VS Code's server from the npm package code-server@4.100.3 (installed
 * by scripts/install-web-host.sh), on 127.0.0.1 with throwaway user-data, extensions and XDG
 * folders, and its workbench opened in Debian's Chromium by playwright-core. The extension and the
 * suite are handed to the workbench in the URL's `payload` as vscode-remote:// URIs; the extension
 * runs in the server's real Node extension host, and the workbench reports the suite's result
 * through `codeAutomationExit(code)`. Tests can ask for a workbench screenshot over HTTP
 * (SSOT_SCREENSHOT_URL) while they run.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { endRun } from './processes';

export const REPO = resolve(__dirname, '../..');
const INSTALL_SCRIPT = join(REPO, 'scripts/install-web-host.sh');
const HOST_DIR = process.env.SSOT_WEB_HOST_DIR ?? join(REPO, '.vscode-test/web-host');
const CODE_SERVER = join(HOST_DIR, 'node_modules/code-server/out/node/entry.js');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const VERBOSE = process.env.SSOT_IT_VERBOSE === '1';

/** The host cannot be started here; the message says what is missing. */
export class HostUnavailable extends Error {}

export interface HostRun {
  extensionDevelopmentPath: string;
  extensionTestsPath: string;
  workspace: string;
  /** This run's temp folder: the host's data goes below it, and it marks the run's processes. */
  tmp: string;
  /** Environment for the extension host (reaches the tests). */
  env: Record<string, string>;
  screenshotDir: string;
  signal: AbortSignal;
}

const log = (...args: unknown[]) => console.log('[web host]', ...args);

/** Installs the web host if needed (fast when it is installed) and checks for Chromium. */
export function prepareWebHost(): void {
  if (!existsSync(CHROMIUM)) {
    throw new HostUnavailable(`Chromium not found at ${CHROMIUM}. Install it (Debian: apt-get install -y chromium fonts-dejavu-core) or set CHROMIUM_PATH.`);
  }
  const install = spawnSync('bash', [INSTALL_SCRIPT], { stdio: 'inherit', env: { ...process.env, SSOT_WEB_HOST_DIR: HOST_DIR } });
  if (install.status !== 0 || !existsSync(CODE_SERVER)) {
    throw new HostUnavailable(`installing VS Code's server (code-server@4.100.3) into ${HOST_DIR} failed (see the messages above); run scripts/install-web-host.sh --force to retry.`);
  }
}

/** Starts code-server in its own process group; resolves with its port once it listens. */
function startServer(run: HostRun, screenshotUrl: string): { server: ChildProcess; listening: Promise<number> } {
  const data = (name: string) => join(run.tmp, name);
  // Quiet, deterministic user settings (code-server keeps them on the server side).
  mkdirSync(data('user-data/User'), { recursive: true });
  writeFileSync(
    data('user-data/User/settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'editor.hover.above': false, // hovers open below their line: the squiggles above stay visible
      'files.autoSave': 'off', // as on the desktop (the web default saves after a delay)
      'extensions.ignoreRecommendations': true,
      'editor.minimap.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
    }),
  );
  const server = spawn(
    process.execPath, // the Node the native modules were built for
    [
      CODE_SERVER,
      ...['--auth', 'none', '--bind-addr', '127.0.0.1:0'],
      ...['--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened'],
      ...['--user-data-dir', data('user-data'), '--extensions-dir', data('extensions'), '--config', data('config.yaml')],
    ],
    {
      detached: true, // its own process group, ended as a whole
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ...run.env,
        EXTENSIONS_GALLERY: '{}', // no marketplace lookups
        XDG_CONFIG_HOME: data('xdg-config'),
        XDG_DATA_HOME: data('xdg-data'),
        XDG_CACHE_HOME: data('xdg-cache'),
        VSCODE_AGENT_FOLDER: data('agent'),
        SSOT_SCREENSHOT_URL: screenshotUrl,
      },
    },
  );
  const output: string[] = [];
  const listening = new Promise<number>((resolvePort, reject) => {
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output.push(text);
      if (VERBOSE) process.stdout.write(`[server] ${text}`);
      const m = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(text);
      if (m) resolvePort(Number(m[1]));
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.on('error', reject);
    server.on('exit', (code, sig) => reject(new HostUnavailable(`VS Code's server (code-server) exited while starting (${code ?? sig}):\n${output.join('').slice(-3000)}`)));
  });
  return { server, listening };
}

/** A tiny HTTP endpoint: GET /?name=x saves the workbench as <screenshotDir>/x.png. */
function startScreenshotServer(dir: string, page: () => Page | undefined): Promise<Server> {
  const server = createServer((req, res) => {
    const name = (new URL(req.url ?? '/', 'http://x').searchParams.get('name') ?? 'screenshot').replace(/[^\w.-]/g, '_');
    const file = join(dir, `${name}.png`);
    mkdirSync(dir, { recursive: true });
    const current = page();
    if (!current) {
      res.writeHead(503).end('the workbench is not open');
      return;
    }
    current.screenshot({ path: file }).then(
      () => {
        log('screenshot:', file);
        res.end(file);
      },
      (e: Error) => res.writeHead(500).end(e.message),
    );
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

/** Runs the suite in the web host; resolves with the workbench's exit code (0 = all passed). */
export async function runInWebHost(run: HostRun): Promise<number> {
  let page: Page | undefined;
  let context: BrowserContext | undefined;
  let server: ChildProcess | undefined;
  const shots = await startScreenshotServer(run.screenshotDir, () => page);
  // every wait below also ends on the run's timeout or a signal
  const aborted = new Promise<never>((_, reject) => run.signal.addEventListener('abort', () => reject(run.signal.reason as Error), { once: true }));
  aborted.catch(() => undefined);
  const until = <T>(p: Promise<T>): Promise<T> => Promise.race([p, aborted]);
  try {
    const shotUrl = `http://127.0.0.1:${(shots.address() as AddressInfo).port}/`;
    const started = startServer(run, shotUrl);
    server = started.server;
    const port = await until(started.listening);
    log(`VS Code server (code-server 4.100.3) on 127.0.0.1:${port}, pid ${server.pid}`);

    const browserHome = join(run.tmp, 'browser-home');
    context = await until(
      chromium.launchPersistentContext(join(run.tmp, 'chromium-profile'), {
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
        viewport: { width: 1280, height: 800 },
        // we end the browser ourselves, also on signals
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
        env: { ...process.env, HOME: browserHome, XDG_CONFIG_HOME: join(browserHome, '.config'), XDG_CACHE_HOME: join(browserHome, '.cache') },
      }),
    );
    page = context.pages()[0] ?? (await context.newPage());

    let resolveExit: (code: number) => void = () => undefined;
    const exit = new Promise<number>((ok, reject) => {
      resolveExit = ok;
      server!.on('exit', (code, sig) => reject(new Error(`VS Code's server exited during the run (${code ?? sig})`)));
      page!.on('crash', () => reject(new Error('the workbench page crashed')));
    });
    exit.catch(() => undefined); // awaited below
    if (VERBOSE) page.on('console', (m) => console.log('[browser]', m.text()));
    if (VERBOSE) page.on('pageerror', (e) => console.log('[browser error]', e.message));
    // The workbench forwards the extension host's console here while extension tests run ...
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
      const line = format(...(Array.isArray(args) ? (args as unknown[]) : [args]));
      if (type === 'error') console.error(line);
      else console.log(line);
    });
    // ... and ends the run with the suite's result.
    await page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(code));

    const authority = `127.0.0.1:${port}`;
    const remote = (path: string) => `vscode-remote://${authority}${path}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(run.extensionDevelopmentPath)],
      ['extensionTestsPath', remote(run.extensionTestsPath)],
      ['skipWelcome', 'true'],
    ]);
    await until(page.goto(`http://${authority}/?folder=${encodeURIComponent(run.workspace)}&payload=${encodeURIComponent(payload)}`));
    try {
      return await until(exit);
    } catch (e) {
      const picture = join(REPO, '.vscode-test/failure.png');
      await page.screenshot({ path: picture, timeout: 5000 }).then(
        () => log('screenshot of the workbench at the failure:', picture),
        () => undefined,
      );
      throw e;
    }
  } finally {
    page = undefined;
    await context?.close().catch(() => undefined);
    const left = await endRun(run.tmp, server?.pid);
    if (left.length > 0) console.error(`[web host] processes still alive after the run: ${left.join(' ')}`);
    shots.close();
  }
}
