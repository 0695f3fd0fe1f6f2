/** Command-line parsing for `ssot-imports`. */
import { parseArgs } from 'node:util';
import { FORMATS, isFormat, type Format } from './format';

export const USAGE = `Usage: ssot-imports check [PATH...] [options]

Reports imports of deprecated paths listed in the SSOT registry (ssot-imports.toml, or
[tool.ssot-imports] in pyproject.toml).

Options:
  --config FILE        registry file to use (default: found upwards from PATH or the current folder)
  --root DIR           workspace root (default: the folder of the registry)
  --source-root DIR    extra source root for resolving module names (repeatable)
  --format FORMAT      output: ${FORMATS.join(', ')} (default: text)
  -h, --help           show this help
  -v, --version        show the version

Exit status: 0 no findings, 1 findings, 2 usage or configuration error.`;

export class UsageError extends Error {}

export interface CheckArgs {
  command: 'check';
  paths: string[];
  config?: string;
  root?: string;
  sourceRoots: string[];
  format: Format;
}

export type Args = CheckArgs | { command: 'help' } | { command: 'version' };

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
        format: { type: 'string', default: 'text' },
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
  if (command === undefined) throw new UsageError('missing command: use `ssot-imports check [PATH...]`');
  if (command !== 'check') throw new UsageError(`unknown command '${command}': use \`ssot-imports check [PATH...]\``);
  const format = values.format ?? 'text';
  if (!isFormat(format)) throw new UsageError(`unknown format '${format}': use one of ${FORMATS.join(', ')}`);
  return {
    command,
    paths,
    ...(values.config !== undefined ? { config: values.config } : {}),
    ...(values.root !== undefined ? { root: values.root } : {}),
    sourceRoots: values['source-root'] ?? [],
    format,
  };
}
