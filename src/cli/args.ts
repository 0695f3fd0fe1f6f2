/** Command-line parsing for `ssot-imports`. */
import { parseArgs } from 'node:util';
import { FORMATS, isFormat, type Format } from './format';

export const DEFAULT_PYTHON = process.platform === 'win32' ? 'python' : 'python3';
export const COLLECT_FORMATS = ['text', 'json'] as const;
export type CollectFormat = (typeof COLLECT_FORMATS)[number];
export const RULES_FORMATS = ['text', 'json'] as const;
export type RulesFormat = (typeof RULES_FORMATS)[number];

/** Every finding code: the registry's (SSOT001, SSOT004) and the workspace index's (SSOT002, SSOT003). */
export const CODES = ['SSOT001', 'SSOT002', 'SSOT003', 'SSOT004'] as const;
export type Code = (typeof CODES)[number];
/** The codes that need the workspace index. */
export const INDEX_CODES: readonly Code[] = ['SSOT002', 'SSOT003'];

export const USAGE = `Usage: ssot-imports check [PATH...] [--select CODES] [--no-cache] [options]
       ssot-imports fix [PATH...] [--diff] [--rule FROM] [--select CODES] [--no-cache] [options]
       ssot-imports collect PATH... [--python INTERPRETER] [--timeout SECONDS] [--format text|json]
       ssot-imports rules [--config FILE] [--root DIR] [--format text|json]

check   reports imports of deprecated paths listed in the SSOT registry (ssot-imports.toml,
        or [tool.ssot-imports] in pyproject.toml, and the markdown registries they list), and,
        from the workspace index of first-party modules, imports that cannot work:
          SSOT001  import of a deprecated path (registry)
          SSOT002  missing name: \`from X import Y\` where first-party X does not bind Y (says where Y lives)
          SSOT003  missing module: import of a first-party module that does not exist
          SSOT004  deprecated dotted path in a patch()/import_module()/__import__() string (registry)
fix     rewrites deprecated imports to their canonical paths, and SSOT002/SSOT003 to where the name
        or module lives when that is unambiguous (a registry target, or the only candidate);
        with --diff: prints the changes, writes nothing
collect runs pytest's collection on test files or folders (from pytest's rootdir, writing nothing
        into the project) and reports the tests found and every collection error
rules   lists the effective registry rules, each with the file and line it comes from, and the
        canonical imports of the markdown registries

Options:
  --config FILE        registry file to use (default: found upwards from PATH or the current folder)
  --root DIR           workspace root (default: the folder of the registry)
  --source-root DIR    extra source root for resolving module names (repeatable)
  --format FORMAT      check output: ${FORMATS.join(', ')} (default: text); collect and rules: text, json
  --select CODES       check, fix: only these codes, comma-separated (default: all, ${CODES.join(',')});
                       without SSOT002 and SSOT003 the workspace index is not built
  --no-cache           check, fix: neither read nor write the index cache ($SSOT_IMPORTS_CACHE_DIR,
                       else $XDG_CACHE_HOME/ssot-imports, else ~/.cache/ssot-imports)
  --diff               fix: print a unified diff instead of writing files
  --rule FROM          fix: only the registry rule with this \`from\` (e.g. "app.old.module");
                       SSOT002/SSOT003 are then left alone
  --python INTERPRETER collect: the Python that runs pytest (default: ${DEFAULT_PYTHON} on PATH)
  --timeout SECONDS    collect: stop pytest and every process it started after this long (default: 60)
  -h, --help           show this help
  -v, --version        show the version

Exit status of collect: 0 collected without errors, 1 collection errors or nothing collected, 2 pytest could not run.
Exit status of rules: 0 listed, 2 usage or configuration error.
Exit status: 0 nothing (left) to report, 1 findings (left), 2 usage or configuration error.`;

export class UsageError extends Error {}

export interface CommonArgs {
  paths: string[];
  config?: string;
  root?: string;
  sourceRoots: string[];
  /** The codes to report (check) or fix (fix), in CODES order. */
  select: Code[];
  /** False with --no-cache. */
  cache: boolean;
}

export interface CheckArgs extends CommonArgs {
  command: 'check';
  format: Format;
}

export interface FixArgs extends CommonArgs {
  command: 'fix';
  diff: boolean;
  rule?: string;
}

export interface CollectArgs {
  command: 'collect';
  paths: string[];
  python: string;
  timeoutMs: number;
  format: CollectFormat;
}

export interface RulesArgs {
  command: 'rules';
  config?: string;
  root?: string;
  format: RulesFormat;
}

export type Args = CheckArgs | FixArgs | CollectArgs | RulesArgs | { command: 'help' } | { command: 'version' };

export function parseCommandLine(argv: string[]): Args {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: 'string' },
        root: { type: 'string' },
        'source-root': { type: 'string', multiple: true },
        format: { type: 'string' },
        diff: { type: 'boolean' },
        rule: { type: 'string' },
        python: { type: 'string' },
        timeout: { type: 'string' },
        select: { type: 'string', multiple: true },
        'no-cache': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const [command, ...paths] = positionals;
  if (command === undefined) throw new UsageError('missing command: use `ssot-imports check [PATH...]`, `ssot-imports fix [PATH...]`, `ssot-imports collect PATH...` or `ssot-imports rules`');
  if ((command === 'collect' || command === 'rules') && (values.select !== undefined || values['no-cache'] !== undefined)) {
    throw new UsageError(`${values.select !== undefined ? '--select' : '--no-cache'} goes with \`check\` and \`fix\`, not \`${command}\``);
  }
  if (command === 'collect') return collectArgs(values, paths);
  if (values.python !== undefined || values.timeout !== undefined) throw new UsageError('--python and --timeout go with `collect`');
  if (command === 'rules') return rulesArgs(values, paths);
  const common: CommonArgs = {
    paths,
    ...(values.config !== undefined ? { config: values.config } : {}),
    ...(values.root !== undefined ? { root: values.root } : {}),
    sourceRoots: values['source-root'] ?? [],
    select: parseSelect(values.select),
    cache: values['no-cache'] !== true,
  };
  if (command === 'check') {
    if (values.diff || values.rule !== undefined) throw new UsageError('--diff and --rule go with `fix`, not `check`');
    const format = values.format ?? 'text';
    if (!isFormat(format)) throw new UsageError(`unknown format '${format}': use one of ${FORMATS.join(', ')}`);
    return { command, ...common, format };
  }
  if (command === 'fix') {
    if (values.format !== undefined) throw new UsageError('--format goes with `check`; `fix` prints what it changed (or a diff with --diff)');
    return { command, ...common, diff: values.diff === true, ...(values.rule !== undefined ? { rule: values.rule } : {}) };
  }
  throw new UsageError(`unknown command '${command}': use \`ssot-imports check\`, \`fix\`, \`collect\` or \`rules\``);
}

/** `--select SSOT001,SSOT004` (repeatable, any case): the codes, in CODES order; all when absent. */
function parseSelect(values: string[] | undefined): Code[] {
  if (values === undefined) return [...CODES];
  const named = values.flatMap((v) => v.split(',')).map((c) => c.trim().toUpperCase()).filter((c) => c !== '');
  const unknown = named.filter((c) => !(CODES as readonly string[]).includes(c));
  if (unknown.length > 0) throw new UsageError(`unknown code${unknown.length === 1 ? '' : 's'} ${unknown.map((c) => `'${c}'`).join(', ')} for --select: use ${CODES.join(', ')}`);
  if (named.length === 0) throw new UsageError(`--select needs at least one code: ${CODES.join(', ')}`);
  return CODES.filter((c) => named.includes(c));
}

function rulesArgs(values: { format?: string; config?: string; root?: string; 'source-root'?: string[]; diff?: boolean; rule?: string }, paths: string[]): RulesArgs {
  const misplaced = (['source-root', 'diff', 'rule'] as const).filter((k) => values[k] !== undefined);
  if (misplaced.length > 0) throw new UsageError(`${misplaced.map((k) => `--${k}`).join(', ')} ${misplaced.length === 1 ? 'does' : 'do'} not go with \`rules\``);
  if (paths.length > 0) throw new UsageError(`rules takes no PATH ('${paths[0]}'): pick the workspace with --root DIR or --config FILE`);
  const format = values.format ?? 'text';
  if (!(RULES_FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format '${format}' for rules: use ${RULES_FORMATS.join(' or ')}`);
  return {
    command: 'rules',
    ...(values.config !== undefined ? { config: values.config } : {}),
    ...(values.root !== undefined ? { root: values.root } : {}),
    format: format as RulesFormat,
  };
}

function collectArgs(values: { python?: string; timeout?: string; format?: string; config?: string; root?: string; 'source-root'?: string[]; diff?: boolean; rule?: string }, paths: string[]): CollectArgs {
  const misplaced = (['config', 'root', 'source-root', 'diff', 'rule'] as const).filter((k) => values[k] !== undefined);
  if (misplaced.length > 0) throw new UsageError(`${misplaced.map((k) => `--${k}`).join(', ')} ${misplaced.length === 1 ? 'does' : 'do'} not go with \`collect\``);
  if (paths.length === 0) throw new UsageError('collect needs a test file or folder: `ssot-imports collect tests/test_x.py`');
  const format = values.format ?? 'text';
  if (!(COLLECT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format '${format}' for collect: use ${COLLECT_FORMATS.join(' or ')}`);
  const seconds = values.timeout === undefined ? 60 : Number(values.timeout);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--timeout takes a number of seconds greater than 0, not '${values.timeout}'`);
  return { command: 'collect', paths, python: values.python ?? DEFAULT_PYTHON, timeoutMs: Math.round(seconds * 1000), format: format as CollectFormat };
}
