// Seeded randomness for sandboxes: the same seed gives the same data and the same fault sequence, so a
// failing test or benchmark can be replayed exactly.

/** A small seeded PRNG (mulberry32): fast, 32-bit state, good enough for test data and fault draws. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
