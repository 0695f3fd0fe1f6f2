/** Entry point of the `ssot-imports` command (dist/cli.js). */
import { parseCommandLine, USAGE, UsageError } from './args';
import { runCheck } from './check';
import { runCollect } from './collect';
import { runFix } from './fix';
import { EXIT_ERROR, type Output } from './project';
import { runRules } from './rules';
import { TOOL_VERSION } from './format/sarif';

async function main(argv: string[]): Promise<number> {
  const io: Output = {
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  };
  try {
    const args = parseCommandLine(argv);
    if (args.command === 'help') return io.out(USAGE), 0;
    if (args.command === 'version') return io.out(TOOL_VERSION), 0;
    if (args.command === 'collect') return await runCollect(args, process.cwd(), io);
    if (args.command === 'rules') return await runRules(args, process.cwd(), io);
    return args.command === 'check' ? await runCheck(args, process.cwd(), io) : await runFix(args, process.cwd(), io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`error: ${e.message}\n\n${USAGE}`);
      return EXIT_ERROR;
    }
    io.err(`internal error: ${(e as Error).stack ?? String(e)}`);
    return EXIT_ERROR;
  }
}

// Exit only after stdout has drained: a large JSON report piped to another process must not be cut.
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
