/** The Python interpreter to run, and how to install pytest for it. */
import { accessSync, constants } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';

/** A path is made absolute (pytest runs in another folder); a bare name is left for PATH lookup. */
export function interpreterCommand(python: string): string {
  return /[\\/]/.test(python) ? resolve(python) : python;
}

/** Where `command` is on PATH, or undefined. */
export function which(command: string, env: NodeJS.ProcessEnv): string | undefined {
  if (/[\\/]/.test(command)) return resolve(command);
  for (const dir of (env['PATH'] ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * The command that installs pytest for this interpreter: Debian's system Python refuses pip
 * (PEP 668, "externally managed"), so it gets its apt package; every other one gets pip.
 */
export function installPytestCommand(python: string, env: NodeJS.ProcessEnv): string {
  const path = which(python, env) ?? python;
  if (['/usr/bin', '/bin'].includes(dirname(path)) && /^python3(\.\d+)?$/.test(path.slice(dirname(path).length + 1))) {
    return 'apt-get install python3-pytest';
  }
  return `${/\s/.test(python) ? JSON.stringify(python) : python} -m pip install pytest`;
}
