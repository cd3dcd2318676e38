/** A small deterministic PRNG (mulberry32) and the draws the generator needs. Never Math.random. */

/** 32-bit mix of several integers into one seed (for per-case streams). */
export function mixSeed(...xs: number[]): number {
  let h = 0x9e3779b9 ^ xs.length;
  for (const x of xs) {
    h = Math.imul(h ^ (x >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

const CUMULATIVE = new WeakMap<object, Float64Array>();

export class Rng {
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
  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number {
    if (hi <= lo) return lo;
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  /** Pick by weight from [value, weight] pairs. */
  weighted<T>(pairs: readonly (readonly [T, number])[]): T {
    if (pairs.length > 8) return this.weightedLong(pairs);
    let total = 0;
    for (const [, w] of pairs) total += w;
    let r = this.next() * total;
    for (const [v, w] of pairs) {
      r -= w;
      if (r < 0) return v;
    }
    return pairs[pairs.length - 1][0];
  }
  private weightedLong<T>(pairs: readonly (readonly [T, number])[]): T {
    let cum = CUMULATIVE.get(pairs);
    if (!cum) {
      cum = new Float64Array(pairs.length);
      let t = 0;
      pairs.forEach(([, w], i) => (cum![i] = t += w));
      CUMULATIVE.set(pairs, cum);
    }
    const r = this.next() * cum[cum.length - 1];
    let lo = 0,
      hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    return pairs[lo][0];
  }
  /** Triangular-ish integer in [lo, hi] peaking at mode. */
  tri(lo: number, mode: number, hi: number): number {
    const u = this.next();
    const c = (mode - lo) / Math.max(1, hi - lo);
    const x = u < c ? lo + Math.sqrt(u * (hi - lo) * (mode - lo)) : hi - Math.sqrt((1 - u) * (hi - lo) * (hi - mode));
    return Math.min(hi, Math.max(lo, Math.round(x)));
  }
}
