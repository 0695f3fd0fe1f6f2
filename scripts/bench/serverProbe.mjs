// Timing probe for the editor benchmark, preloaded into the language server process with
// `node --import` (the server's code is not changed). It splits a keystroke's latency into the
// time inside the server and the transport, which the client alone cannot tell apart:
//
//   stdin ──update, check──▶ publish written                       (a document with fast checks)
//   stdin ──update──▶ pause timer set ──(CHANGE_DEBOUNCE_MS)──▶ fired ──check──▶ publish written
//
// It timestamps the last stdin chunk, the setting and firing of a timer whose delay is the wait
// for a pause (SSOT_BENCH_DEBOUNCE_MS), and the write of each publishDiagnostics, and prints one
// `SSOT_BENCH_PROBE {json}` line to stderr per publish. Timestamps are taken before any probe
// work, so the probe's own cost falls outside the measured intervals.
import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import process from 'node:process';

const debounceMs = Number(process.env.SSOT_BENCH_DEBOUNCE_MS);
const marks = { stdin: 0, scheduled: 0, fired: 0, debounceTimers: 0 };

if (Number.isFinite(debounceMs) && debounceMs > 0) wrapSetTimeout();
wrapStdin();
wrapStdout();

function wrapSetTimeout() {
  const original = globalThis.setTimeout;
  function setTimeout(callback, delay, ...args) {
    if (delay !== debounceMs || typeof callback !== 'function') return original(callback, delay, ...args);
    marks.scheduled = performance.now();
    marks.debounceTimers++;
    return original((...a) => {
      marks.fired = performance.now();
      callback(...a);
    }, delay, ...args);
  }
  // keep util.promisify.custom and friends
  for (const key of Reflect.ownKeys(original)) if (!['length', 'name', 'prototype'].includes(key)) Object.defineProperty(setTimeout, key, Object.getOwnPropertyDescriptor(original, key));
  globalThis.setTimeout = setTimeout;
}

/** Wraps emit, not on('data'): a listener of our own would start the stream before the server's. */
function wrapStdin() {
  const stdin = process.stdin;
  const emit = stdin.emit;
  stdin.emit = function (event, ...args) {
    if (event === 'data') marks.stdin = performance.now();
    return emit.call(this, event, ...args);
  };
}

function wrapStdout() {
  const stdout = process.stdout;
  const write = stdout.write;
  stdout.write = function (chunk, ...rest) {
    const now = performance.now();
    // vscode-jsonrpc writes the header and the JSON body separately; the body is a Buffer
    if (typeof chunk !== 'string' && Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).includes('textDocument/publishDiagnostics')) report(chunk, now);
    return write.call(this, chunk, ...rest);
  };
}

function report(chunk, published) {
  try {
    const { params } = JSON.parse(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('utf8'));
    const record = { uri: params.uri, version: params.version ?? null, diagnostics: params.diagnostics.length, published, ...marks };
    process.stderr.write(`SSOT_BENCH_PROBE ${JSON.stringify(record)}\n`);
  } catch {
    // not a complete JSON body: nothing to report
  }
}
