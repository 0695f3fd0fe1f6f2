/**
 * Why pytest could not run, in plain words.
 *
 * The plugin reports what happens once it is loaded (broken conftest.py, most configuration
 * errors, internal errors). A few failures happen before pytest imports it, or leave pytest no
 * hook to report through, and are explained from stderr — and only those:
 *  - the interpreter cannot start, or has no pytest ("No module named pytest");
 *  - pytest cannot read its config file, or a `-p` in addopts names a plugin that fails to import
 *    (pytest 7 aborts with a traceback; `addopts = ["-p no:randomly"]` is the classic);
 *  - argparse rejects an option from addopts ("ERROR: usage: … unrecognized arguments: --cov");
 *  - pytest 7's --strict-config check, which raises after the plugin's last hook ran.
 * pytest prints each of these as "ERROR: …" lines, or as a traceback whose last line names the
 * exception, so the parsing below is limited to those two shapes.
 */
import { basename, relative } from 'node:path';
import type { CouldNotRunReason, ErrorDetail } from './types';

export interface Diagnosis {
  reason: CouldNotRunReason;
  message: string;
  installCommand?: string;
  detail?: ErrorDetail;
}

export interface DiagnoseContext {
  python: string;
  /** Where pytest ran; paths in messages are relative to it. */
  cwd: string;
  /** The config file pytest reads, when known (from the plugin or findRootdir). */
  inifile: string | null;
  installCommand: string;
}

export function pythonMissing(python: string, why: string): Diagnosis {
  return {
    reason: 'python-missing',
    message: `Python interpreter not found: ${python} (${why}). Choose the interpreter of the project's environment (for example .venv/bin/python).`,
  };
}

/** A run that left no usable plugin document: explain it from the exit code and stderr. */
export function diagnoseFromStderr(stderr: string, code: number | null, ctx: DiagnoseContext): Diagnosis {
  const text = stripAnsi(stderr);
  if (/No module named '?pytest'?\s*$/m.test(text)) {
    return {
      reason: 'pytest-missing',
      message: `pytest is not installed for ${ctx.python}. Install it with: ${ctx.installCommand} (or choose the interpreter of the environment that has pytest).`,
      installCommand: ctx.installCommand,
    };
  }
  // 127: a shell wrapper (pyenv shim) could not find the interpreter it stands for
  if (code === 127) {
    return pythonMissing(ctx.python, firstLine(text) || `exit status ${code}`);
  }
  if (/Error importing plugin "ssot_collect"|No module named '?ssot_collect'?/.test(text)) {
    return { reason: 'crashed', message: `${ctx.python} could not load the SSOT Imports pytest plugin: ${lastLine(text)}` };
  }
  const conftest = /ImportError while loading conftest '(.+?)'\./.exec(text);
  if (conftest) return conftestFromText(conftest[1]!, text, ctx.cwd);
  const errors = errorBlocks(text);
  const failure = lastLine(text);
  if (errors.length > 0 || code === 4 || /Error importing plugin/.test(failure)) {
    return configError(errors.length > 0 ? errors.join('\n') : failure, ctx);
  }
  return { reason: 'crashed', message: `pytest stopped before collecting (exit status ${code ?? 'none'}): ${failure || 'no message'}` };
}

/** A configuration error with pytest's own words and, for the usual causes, what to do. */
export function configError(pytestMessage: string, ctx: Pick<DiagnoseContext, 'python' | 'inifile'>): Diagnosis {
  const where = ctx.inifile ? ` in ${basename(ctx.inifile)}` : '';
  const said = pytestMessage.trim();
  let hint = '';
  const plugin = /Error importing plugin "([^"]*)"/.exec(said);
  const unknownArgs = /unrecognized arguments: (.+)/.exec(said);
  const unknownKey = /Unknown config option: (\S+)/.exec(said);
  if (plugin && /^\s/.test(plugin[1]!)) {
    hint = ` The -p option and its value arrived as one argument ("-p${plugin[1]}"): in a TOML addopts array every option and its value must be separate strings, e.g. ["-p", "${plugin[1]!.trim()}"].`;
  } else if (plugin) {
    hint = ` -p ${plugin[1]} (in addopts or PYTEST_ADDOPTS) names a plugin that ${ctx.python} cannot import: install it for this interpreter or remove the option.`;
  } else if (unknownArgs) {
    hint = ` The option probably comes from addopts${where} and belongs to a plugin that is not installed for ${ctx.python} (for example pytest-cov for --cov).`;
  } else if (unknownKey) {
    const file = ctx.inifile ? basename(ctx.inifile) : 'the config file';
    hint = ` Strict configuration (--strict-config / strict_config) is on and ${file} sets '${unknownKey[1]}', which no installed plugin declares: install that plugin for ${ctx.python} or remove the key.`;
  }
  return { reason: 'config-error', message: `pytest rejected its configuration${where}: ${oneLine(said)}.${hint}` };
}

/** A broken conftest.py as pytest printed it (only when the plugin could not report it itself). */
function conftestFromText(file: string, text: string, cwd: string): Diagnosis {
  const at = new RegExp(`^(.*${escapeRegExp(basename(file))}):(\\d+): in (.*)$`, 'm').exec(text);
  const exception = /^E\s+(\w[\w.]*): ?(.*)$/m.exec(text);
  const detail: ErrorDetail = {
    type: exception?.[1] ?? 'Error',
    message: exception?.[2] ?? lastLine(text),
    file,
    frames: at ? [{ file, line: Number(at[2]), function: at[3]! }] : [],
  };
  return { reason: 'conftest-error', message: conftestMessage(detail, cwd), detail };
}

export function conftestMessage(detail: ErrorDetail, cwd: string): string {
  const line = detail.importLine?.line ?? detail.location?.line ?? detail.frames.filter((f) => f.file === detail.file).at(-1)?.line;
  const where = `${detail.file ? relative(cwd, detail.file) || detail.file : 'conftest.py'}${line ? `:${line}` : ''}`;
  const statement = detail.importLine ? ` (${firstLine(detail.importLine.text).trim()})` : '';
  return `pytest could not load ${where}${statement}: ${detail.type}: ${firstLine(detail.message)}. No test under its folder can be collected until this conftest.py imports.`;
}

/** The messages of pytest's "ERROR: …" blocks, without argparse's usage line. */
function errorBlocks(text: string): string[] {
  const blocks: string[] = [];
  for (const block of text.split(/^ERROR: /m).slice(1)) {
    const lines = block
      .split('\n')
      .map((l) => l.trimEnd())
      .filter((l) => l !== '' && !l.startsWith('usage: ') && !/^\s+(inifile|rootdir|configfile):/.test(l));
    blocks.push(lines.map((l) => l.replace(/^\S+\.py: error: /, '')).join('\n'));
  }
  return blocks.filter(Boolean);
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1)?.trim() ?? '';
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, '; ').replace(/[.;:]\s*$/, '');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
