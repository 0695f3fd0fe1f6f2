/**
 * What `runCollection` returns: the tree pytest collected and every collection error, or why
 * pytest could not run at all. Paths are absolute; node ids are pytest's (relative to rootdir).
 */

/**
 * A node of the collected tree. Folders are not nodes, except packages (folders with an
 * __init__.py below the rootdir), built the same way whatever the pytest version.
 */
export interface TestNode {
  kind: 'package' | 'module' | 'class' | 'function' | 'param' | 'item';
  /** pytest's name: `test_x`, `TestX`, `test_x[a::b]`, the module's file name. */
  name: string;
  /** pytest's node id, exactly as `pytest NODEID` accepts it (ids may contain `::`). */
  nodeid: string;
  /** The module's file; for a package, its folder. */
  file: string;
  /** 1-based; null when pytest cannot tell (and for packages). A parametrized function's group shares its items' line. */
  line: number | null;
  /** `param` only: the parametrize id as pytest prints it (non-ASCII escaped, like `caf\xe9`). */
  param?: string;
  /** `param` only, when it differs from `param`: the id unescaped for display (`café`). */
  label?: string;
  /** Test items only: the skip / skipif / xfail markers that apply (incl. class and module marks). */
  markers?: Marker[];
  children: TestNode[];
}

export interface Marker {
  name: 'skip' | 'skipif' | 'xfail';
  reason?: string;
}

export interface Frame {
  file: string;
  line: number;
  function: string;
}

/** An exception, as the user's code raised it (pytest's wrappers removed). */
export interface ErrorDetail {
  /** `ImportError`; qualified for non-builtin exceptions (`pydantic.errors.PydanticUserError`). */
  type: string;
  message: string;
  /** The collected file (or the conftest.py) the error belongs to. */
  file: string | null;
  /** Traceback frames in project files (under rootdir, not site-packages) and in `file`, outermost first. */
  frames: Frame[];
  /** SyntaxError: where the parser stopped. */
  location?: { file: string; line: number | null; column: number | null; text?: string };
  /** ImportError / ModuleNotFoundError: the module it could not import (from). */
  module?: string;
  /** The statement of `file` the failure went through: for an import error, the import (all its lines). */
  importLine?: { line: number; endLine: number; text: string };
  /** pytest's own rendering, bounded. */
  text?: string;
}

export interface CollectionError extends ErrorDetail {
  nodeid: string;
}

/** One collected test file (pytest Module) or a non-module node that failed (a folder's conftest). */
export interface FileResult {
  file: string;
  nodeid: string;
  tests: number;
  errors: CollectionError[];
}

export interface Collection {
  /** The interpreter as given. */
  python: string;
  pythonExecutable: string;
  pythonVersion: string;
  pytestVersion: string;
  rootdir: string;
  inifile: string | null;
  /** Where pytest ran. */
  cwd: string;
  tree: TestNode[];
  testCount: number;
  /** The tree stops after 100,000 items. */
  truncated: boolean;
  errors: CollectionError[];
  /** Worst first: files with errors, then files without tests, then by path. */
  files: FileResult[];
  /** Files collected without error / test files; null when there are no test files. */
  successRate: number | null;
  /** Time pytest spent from loading the plugin to writing its report (ms). */
  pytestMs: number;
  /** Wall-clock time of the whole run, process start to result (ms). */
  elapsedMs: number;
  /** Failures of the SSOT plugin itself (caught; pytest ran on): the tree may be incomplete. Normally empty. */
  pluginErrors: string[];
}

export type CollectStatus = 'ok' | 'errors' | 'no-tests';

export type Collected = Collection & {
  /** ok: collected without errors; errors: at least one collection error; no-tests: nothing collected, no error. */
  status: CollectStatus;
  /** Plain-words summary (for no-tests: why pytest found nothing and what it looks for). */
  message: string;
};

export type CouldNotRunReason = 'python-missing' | 'pytest-missing' | 'config-error' | 'conftest-error' | 'timeout' | 'cancelled' | 'crashed';

export interface CouldNotRun {
  status: 'could-not-run';
  reason: CouldNotRunReason;
  /** Plain words: what happened and what to do. */
  message: string;
  python: string;
  cwd: string;
  /** pytest-missing: the command that installs pytest for this interpreter. */
  installCommand?: string;
  /** conftest-error: the conftest's exception, its line and frames; config-error / crashed when known. */
  detail?: ErrorDetail;
  pytestVersion?: string;
  rootdir?: string;
  inifile?: string | null;
  /** pytest's stderr (first MiB), for a log. */
  stderr: string;
  elapsedMs: number;
}

export type CollectResult = Collected | CouldNotRun;

export interface CollectOptions {
  /** The interpreter: a path, or a command name looked up on PATH. */
  python: string;
  /** Files or folders to collect, absolute or relative to `cwd`. */
  paths: string[];
  /** Where pytest runs; default: the pytest rootdir of `paths` (see findRootdir). */
  cwd?: string;
  /** Default 60,000. On expiry pytest and every process it started are killed. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Base environment (default process.env); the runner adds PYTHONPATH and its own variables. */
  env?: NodeJS.ProcessEnv;
  /** How long processes get between SIGTERM and SIGKILL (default 2,000 ms). */
  killGraceMs?: number;
}
