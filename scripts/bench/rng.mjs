// Seeded PRNG for the benchmark generator: the same seed must give the same monorepo, byte for
// byte, on every machine and Node version, so Math.random is never used.

/** mulberry32: tiny, fast, and plenty for varying synthetic source code. */
export class Rng {
  /** @param {number} seed */
  constructor(seed) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next() {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min, max) {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p) {
    return this.next() < p;
  }

  /** @template T @param {readonly T[]} xs @returns {T} */
  pick(xs) {
    return xs[Math.floor(this.next() * xs.length)];
  }

  /** Up to `max` distinct items, in their original order; at least one. */
  some(xs, max) {
    const keep = xs.filter(() => this.chance(0.5)).slice(0, max);
    return keep.length > 0 ? keep : [this.pick(xs)];
  }

  /** Log-normal around `median` (Box–Muller): source file sizes are roughly log-normal. */
  logNormal(median, sigma) {
    const u1 = 1 - this.next(); // (0, 1]: log(0) is -Infinity
    const u2 = this.next();
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    return median * Math.exp(sigma * z);
  }

  /** Log-uniform in [min, max]: as many 100–200 KB files as 250–500 KB ones. */
  logUniform(min, max) {
    return min * Math.pow(max / min, this.next());
  }
}
