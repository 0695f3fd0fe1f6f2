/**
 * pytest's rootdir for some paths, found the way pytest finds it, so that collection runs from
 * there and the project's configuration, conftests and nodeids are the ones a developer sees.
 *
 * pytest (src/_pytest/config/findpaths.py, "Initialization: determining rootdir and configfile"):
 *  1. the common ancestor of the paths (a file counts as its folder);
 *  2. from there upwards, in each folder the first of pytest.toml, .pytest.toml (pytest 9),
 *     pytest.ini, .pytest.ini (always a match, even empty), pyproject.toml with
 *     [tool.pytest.ini_options] (or pytest 9's [tool.pytest]), tox.ini with [pytest], setup.cfg
 *     with [tool:pytest]: its folder is the rootdir;
 *  3. pytest ≥ 8.1: else the first pyproject.toml seen on the way, even without pytest settings;
 *  4. else the first folder upwards with setup.py;
 *  5. else step 2 from each path's own folder;
 *  6. else pytest uses the common ancestor of the invocation folder and the paths — which we are
 *     choosing. Without a config file pytest 8+ loads conftest.py files only from the rootdir
 *     down, so we pick the topmost folder above the paths (up to the repository top) holding a
 *     conftest.py: its conftests then apply, as when the developer runs pytest from the top.
 *     With no conftest.py either: the common ancestor.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { getStaticTOMLValue, parseTOML } from 'toml-eslint-parser';

export interface Rootdir {
  rootdir: string;
  /** The config file pytest will read, if any. */
  inifile: string | null;
  /** Which rule decided (see the module comment). */
  reason: 'config-file' | 'pyproject' | 'setup.py' | 'conftest' | 'ancestor';
}

export interface RootdirOptions {
  /** Do not look for conftest.py above this folder (e.g. the workspace folder); default: the repository top (.git). */
  stopAt?: string;
}

const CONFIG_FILES = ['pytest.toml', '.pytest.toml', 'pytest.ini', '.pytest.ini', 'pyproject.toml', 'tox.ini', 'setup.cfg'] as const;

export function findRootdir(paths: string | readonly string[], options: RootdirOptions = {}): Rootdir {
  const absolute = (typeof paths === 'string' ? [paths] : [...paths]).map((p) => resolve(p));
  const dirs = absolute.filter(existsSync).map((p) => (isDirectory(p) ? p : dirname(p)));
  const ancestor = commonAncestor(dirs.length > 0 ? dirs : absolute.map((p) => dirname(p)));

  const located = locateConfig(ancestor);
  if (located) return located;
  const setupPy = upwards(ancestor).find((dir) => isFile(join(dir, 'setup.py')));
  if (setupPy !== undefined) return { rootdir: setupPy, inifile: null, reason: 'setup.py' };
  for (const dir of dirs) {
    const own = locateConfig(dir, false);
    if (own) return own;
  }
  const top = options.stopAt !== undefined ? resolve(options.stopAt) : undefined;
  let topmostConftest: string | undefined;
  for (const dir of upwards(ancestor)) {
    if (top !== undefined && !isWithin(dir, top)) break;
    if (isFile(join(dir, 'conftest.py'))) topmostConftest = dir;
    if (top === undefined && existsSync(join(dir, '.git'))) break;
  }
  return topmostConftest !== undefined ? { rootdir: topmostConftest, inifile: null, reason: 'conftest' } : { rootdir: ancestor, inifile: null, reason: 'ancestor' };
}

/** Steps 2 and 3: the nearest folder with a pytest config file, from `start` upwards. */
function locateConfig(start: string, pyprojectFallback = true): Rootdir | undefined {
  let firstPyproject: string | undefined;
  for (const dir of upwards(start)) {
    for (const name of CONFIG_FILES) {
      const file = join(dir, name);
      if (!isFile(file)) continue;
      if (name === 'pyproject.toml') firstPyproject ??= file;
      if (holdsPytestConfig(file, name)) return { rootdir: dir, inifile: file, reason: 'config-file' };
    }
  }
  return pyprojectFallback && firstPyproject !== undefined ? { rootdir: dirname(firstPyproject), inifile: firstPyproject, reason: 'pyproject' } : undefined;
}

/**
 * Whether pytest takes its configuration from this file. A file pytest cannot parse counts: pytest
 * stops on it with an error, which collection then reports from the right folder.
 */
function holdsPytestConfig(file: string, name: (typeof CONFIG_FILES)[number]): boolean {
  if (name === 'pytest.ini' || name === '.pytest.ini' || name === 'pytest.toml' || name === '.pytest.toml') return true;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  if (name === 'tox.ini') return /^\[pytest\]/m.test(text);
  // pytest rejects a plain [pytest] section in setup.cfg with an error, so that counts too.
  if (name === 'setup.cfg') return /^\[(tool:)?pytest\]/m.test(text);
  if (!text.includes('pytest')) return false;
  try {
    const doc = getStaticTOMLValue(parseTOML(text)) as { tool?: { pytest?: Record<string, unknown> } };
    const pytest = doc.tool?.pytest;
    return typeof pytest === 'object' && pytest !== null && Object.keys(pytest).length > 0;
  } catch {
    return true;
  }
}

function commonAncestor(dirs: string[]): string {
  if (dirs.length === 0) return process.cwd();
  let common = dirs[0]!;
  for (const dir of dirs.slice(1)) {
    while (!isWithin(dir, common)) common = dirname(common);
  }
  return common;
}

/** `start` and every folder above it, nearest first. */
function upwards(start: string): string[] {
  const dirs = [start];
  for (let dir = start; dirname(dir) !== dir; dir = dirname(dir)) dirs.push(dirname(dir));
  return dirs;
}

function isWithin(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel));
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
