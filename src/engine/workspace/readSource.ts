/** Reads a Python source file for checking, turning every reason not to check it into a message. */

import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';

/** `bom`: the file starts with a UTF-8 byte order mark (stripped from `text`; a rewrite must put it back). */
export type ReadSourceResult = { ok: true; text: string; bom: boolean } | { ok: false; reason: string };

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
/** Like git, a NUL byte near the start marks a binary file. */
const BINARY_SNIFF_BYTES = 8 * 1024;

/** Never throws. A UTF-8 BOM is stripped, as editors do, so columns match theirs. */
export async function readSource(absPath: string, { maxBytes = DEFAULT_MAX_BYTES }: { maxBytes?: number } = {}): Promise<ReadSourceResult> {
  let bytes: Buffer;
  try {
    const handle = await open(absPath, OPEN_FLAGS);
    try {
      const refused = refusal(await handle.stat(), maxBytes);
      if (refused) return refused;
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (err) {
    return { ok: false, reason: describeFsError(err) };
  }
  return decodeSource(bytes, maxBytes);
}

/**
 * readSource with blocking calls, for worker threads whose only job is reading and parsing: on
 * thousands of small files it is about ten times faster than the promise API (open, stat, read
 * and close each a round trip through libuv's pool), and nothing else waits on that thread.
 */
export function readSourceSync(absPath: string, { maxBytes = DEFAULT_MAX_BYTES }: { maxBytes?: number } = {}): ReadSourceResult {
  let bytes: Buffer;
  try {
    const fd = openSync(absPath, OPEN_FLAGS);
    try {
      const refused = refusal(fstatSync(fd), maxBytes);
      if (refused) return refused;
      bytes = readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    return { ok: false, reason: describeFsError(err) };
  }
  return decodeSource(bytes, maxBytes);
}

/** O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer (no effect on files). */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Why the opened file is not read at all, if it is not. */
function refusal(stat: Stats, maxBytes: number): ReadSourceResult | undefined {
  if (stat.isDirectory()) return { ok: false, reason: 'is a directory' };
  // A FIFO or device could block or never end.
  if (!stat.isFile()) return { ok: false, reason: 'not a regular file' };
  if (stat.size > maxBytes) return { ok: false, reason: tooLarge(stat.size, maxBytes) };
  return undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeSource(bytes: Buffer, maxBytes: number): ReadSourceResult {
  // The file may have grown since the stat.
  if (bytes.length > maxBytes) return { ok: false, reason: tooLarge(bytes.length, maxBytes) };
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { ok: false, reason: 'binary file (contains a NUL byte)' };
  try {
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    // the decoder strips a BOM (ignoreBOM is false)
    return { ok: true, text: utf8.decode(bytes), bom };
  } catch {
    return { ok: false, reason: 'not valid UTF-8' };
  }
}

/**
 * The OS error without the path Node appends (`EACCES: permission denied, open '/x'` becomes
 * `EACCES: permission denied`): the caller already names the file, and output stays
 * the same on every machine.
 */
export function describeFsError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/, \w+ '.*'$/s, '');
}

function tooLarge(size: number, maxBytes: number): string {
  return `file is ${formatSize(size)}, over the ${formatSize(maxBytes)} limit`;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KB'] : [bytes / (1024 * 1024), 'MB'];
  // One decimal, dropped when it is zero: "12.3 MB", "5 MB".
  return `${Number(value.toFixed(1))} ${unit}`;
}
