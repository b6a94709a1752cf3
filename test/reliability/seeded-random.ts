/**
 * Uniform draws in [0, 1) from a 32-bit seed (xorshift32): reproducible and, unlike
 * fast-check's samples, not biased towards small or extreme values, which matters where a draw
 * picks a moment to kill a process or the next request of a mix.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
}
