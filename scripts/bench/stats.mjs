// Small numeric helpers for the benchmark.
import { readFileSync } from 'node:fs';

/** Nearest-rank percentile (p in 0–100) of unsorted samples; NaN when there are none. */
export function percentile(samples, p) {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export const median = (samples) => percentile(samples, 50);

export function round(value, digits = 2) {
  if (!Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** p50/p95/max/mean of samples, in their unit. */
export function summary(samples, digits = 2) {
  const mean = samples.reduce((s, x) => s + x, 0) / samples.length;
  return { n: samples.length, p50: round(median(samples), digits), p95: round(percentile(samples, 95), digits), max: round(Math.max(...samples), digits), mean: round(mean, digits) };
}

/** Resident and peak resident memory of a live process in MB (10^6 bytes, the targets' unit), from /proc (Linux). */
export function processMemory(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    // /proc says "kB" but means KiB
    const mb = (key) => round((Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) * 1024) / 1e6, 1);
    return { rssMB: mb('VmRSS'), peakRssMB: mb('VmHWM') };
  } catch {
    return { rssMB: null, peakRssMB: null };
  }
}

/** A measurement: a value with its unit, or null with the reason it could not be taken. */
export function measured(value, unit, extra = {}) {
  return { value, unit, ...extra };
}

export function notAvailable(unit, why) {
  return { value: null, unit, na: why };
}
