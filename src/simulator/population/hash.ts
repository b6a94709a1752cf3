/**
 * Deterministic integer hashing for the synthetic population. Every random choice is a pure
 * function of (seed, slot, lifecycle, day), never of call order, so a day's file can be produced
 * alone, in any order, and is the same bytes on every run.
 */

/** Mixes a 32-bit integer into a well-spread unsigned 32-bit integer (xor-shift-multiply). */
export function hash32(value: number): number {
  let x = value | 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x21f0aaad);
  x ^= x >>> 15;
  x = Math.imul(x, 0x735a2d97);
  x ^= x >>> 15;
  return x >>> 0;
}

/** Hashes an ordered pair; (a, b) and (b, a) give unrelated results. */
export function hashPair(a: number, b: number): number {
  return hash32(a ^ hash32((b + 0x9e3779b9) | 0));
}

/** Turns a seed given as a number or a string into a 32-bit hash (FNV-1a over its text). */
export function seedHash(seed: number | string): number {
  const text = String(seed);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return hash32(h);
}

/**
 * A small counter-based generator: reseeded from a hash, then each `next()` hashes the next
 * counter value. One instance is reused for every row, so generating a day allocates none.
 */
export class Draws {
  private counter = 0;

  /** Restarts the sequence from `seed`; the same seed always yields the same draws. */
  reseed(seed: number): this {
    this.counter = seed | 0;
    return this;
  }

  /** A uniform float in [0, 1). */
  next(): number {
    this.counter = (this.counter + 0x9e3779b9) | 0;
    return hash32(this.counter) / 4294967296;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Rounds `x` up or down at random so that the expected result equals `x` (x >= 0). */
  roundStochastic(x: number): number {
    const whole = Math.floor(x);
    return this.next() < x - whole ? whole + 1 : whole;
  }
}
