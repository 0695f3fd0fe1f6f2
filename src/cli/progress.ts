/**
 * A progress line on stderr for long runs: only when stderr is a terminal (never in CI logs, pipes
 * or tests), only once a run has taken a while, redrawn at most a few times a second, and erased
 * at the end so the report starts on a clean line.
 */

/** A run shorter than this shows no progress at all. */
const SHOW_AFTER_MS = 1000;
const REDRAW_MS = 100;

export interface ProgressLine {
  update: (done: number, total: number, what: string) => void;
  /** Erases the line (if it was ever drawn). */
  end: () => void;
}

export function progressLine(stream: NodeJS.WriteStream = process.stderr, now: () => number = () => performance.now()): ProgressLine | undefined {
  if (!stream.isTTY) return undefined;
  const started = now();
  let drawnAt = 0;
  let drawn = false;
  return {
    update: (done, total, what) => {
      const t = now();
      if (t - started < SHOW_AFTER_MS || (t - drawnAt < REDRAW_MS && done !== total)) return;
      drawnAt = t;
      drawn = true;
      const percent = total === 0 ? 100 : Math.floor((100 * done) / total);
      stream.write(`\r\x1b[2Kssot-imports: ${what} ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} files (${percent}%)`);
    },
    end: () => {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
