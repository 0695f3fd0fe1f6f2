/** Command-line parsing for `ssot-imports`. */
import { parseArgs } from 'node:util';
import { FORMATS, isFormat, type Format } from './format';

export const USAGE = `Usage: ssot-imports check [PATH...] [options]
       ssot-imports fix [PATH...] [--diff] [--rule FROM] [options]

check   reports imports of deprecated paths listed in the SSOT registry (ssot-imports.toml,
        or [tool.ssot-imports] in pyproject.toml)
fix     rewrites them to their canonical paths (with --diff: prints the changes, writes nothing)

Options:
  --config FILE        registry file to use (default: found upwards from PATH or the current folder)
  --root DIR           workspace root (default: the folder of the registry)
  --source-root DIR    extra source root for resolving module names (repeatable)
  --format FORMAT      check output: ${FORMATS.join(', ')} (default: text)
  --diff               fix: print a unified diff instead of writing files
  --rule FROM          fix: only the rule with this \`from\` (e.g. "app.old.module")
  -h, --help           show this help
  -v, --version        show the version

Exit status: 0 nothing (left) to report, 1 findings (left), 2 usage or configuration error.`;

export class UsageError extends Error {}

export interface CommonArgs {
  paths: string[];
  config?: string;
  root?: string;
  sourceRoots: string[];
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

export type Args = CheckArgs | FixArgs | { command: 'help' } | { command: 'version' };

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
  if (command === undefined) throw new UsageError('missing command: use `ssot-imports check [PATH...]` or `ssot-imports fix [PATH...]`');
  const common: CommonArgs = {
    paths,
    ...(values.config !== undefined ? { config: values.config } : {}),
    ...(values.root !== undefined ? { root: values.root } : {}),
    sourceRoots: values['source-root'] ?? [],
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
  throw new UsageError(`unknown command '${command}': use \`ssot-imports check\` or \`ssot-imports fix\``);
}
