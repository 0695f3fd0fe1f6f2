/**
 * When an open document is checked again after a change. A check of an open document re-reads
 * only what the change touched (documents.ts), a few milliseconds even in a 5,000-line file, so it
 * runs as soon as the change is applied: diagnostics follow each keystroke without a fixed wait.
 * A document whose last check was slow (a huge file, or the first full parse) waits instead until
 * changes pause for `pauseMs`, so that fast typing does not queue keystrokes behind checks.
 *
 * "As soon as" is two turns of the event loop: the JSON-RPC connection handles one queued message
 * per turn, so a check two turns after a change comes after the changes already received (a burst
 * of them makes one check, not one per change).
 */
export interface CheckSchedulerOptions {
  /** A check that took longer than this makes the next one wait for a pause in typing. */
  slowCheckMs: number;
  /** The pause awaited before checking a slow document. */
  pauseMs: number;
}

type Pending = { kind: 'now'; handle: NodeJS.Immediate } | { kind: 'pause'; handle: NodeJS.Timeout };

export class CheckScheduler {
  private readonly pending = new Map<string, Pending>();
  /** The duration of each document's last check, in ms. */
  private readonly lastCheckMs = new Map<string, number>();

  /** `check` checks a document and says how long its checking work took (ms), or undefined when it checked nothing. */
  constructor(
    private readonly check: (uri: string) => Promise<number | undefined>,
    private readonly options: CheckSchedulerOptions,
  ) {}

  /** A change arrived: check `uri` soon, replacing a check already scheduled for it. */
  changed(uri: string): void {
    this.cancel(uri);
    const run = () => {
      this.pending.delete(uri);
      void this.timed(uri);
    };
    if ((this.lastCheckMs.get(uri) ?? 0) > this.options.slowCheckMs) {
      this.pending.set(uri, { kind: 'pause', handle: setTimeout(run, this.options.pauseMs) });
      return;
    }
    const pending: Pending = { kind: 'now', handle: setImmediate(() => (pending.handle = setImmediate(run))) };
    this.pending.set(uri, pending);
  }

  /** Checks `uri` now (opened, or what it depends on changed), replacing a check scheduled for it. */
  checkNow(uri: string): Promise<void> {
    this.cancel(uri);
    return this.timed(uri);
  }

  /** The document closed: nothing scheduled runs, and its timing is forgotten. */
  forget(uri: string): void {
    this.cancel(uri);
    this.lastCheckMs.delete(uri);
  }

  dispose(): void {
    for (const uri of [...this.pending.keys()]) this.cancel(uri);
    this.lastCheckMs.clear();
  }

  private cancel(uri: string): void {
    const pending = this.pending.get(uri);
    if (!pending) return;
    if (pending.kind === 'now') clearImmediate(pending.handle);
    else clearTimeout(pending.handle);
    this.pending.delete(uri);
  }

  private async timed(uri: string): Promise<void> {
    const ms = await this.check(uri);
    if (ms !== undefined) this.lastCheckMs.set(uri, ms);
  }
}
