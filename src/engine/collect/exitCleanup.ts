/**
 * Clean-up that must happen even when this process ends while a pytest run is in flight: the
 * language server exits as soon as its editor goes away, and a `finally` block never runs then.
 * Each run registers synchronous undo work (kill its process group, remove its temp folder),
 * which runs on the process's `exit` event. (Entry points turn SIGTERM into a normal exit so
 * that it fires then too.)
 */
const pending = new Set<() => void>();
let hooked = false;

/** Registers `undo` until the returned function is called (the run ended normally). */
export function untilExit(undo: () => void): () => void {
  if (!hooked) {
    hooked = true;
    process.once('exit', () => {
      for (const work of pending) {
        try {
          work();
        } catch {
          // best effort: the process is ending
        }
      }
    });
  }
  pending.add(undo);
  return () => pending.delete(undo);
}
