// The one seeded PRNG (mulberry32). Independent streams per purpose are derived from the scenario seed
// with splitmix-style mixing, so the order in which modules draw numbers never changes another's draws.

export class Prng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Exponentially distributed whole nanoseconds with the given mean (at least 1). */
  expNs(meanNs: number): number {
    return Math.max(1, Math.round(-Math.log(1 - this.next()) * meanNs));
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/** A derived stream for `purpose` (e.g. vCPU index + 1000 * kind). */
export function derive(seed: number, purpose: number): Prng {
  let z = (seed * 0x9e3779b1 + purpose * 0x85ebca77) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d) >>> 0;
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b) >>> 0;
  return new Prng((z ^ (z >>> 16)) >>> 0);
}
