/**
 * Deterministic pseudo-random numbers for seeding: the same seed gives the same company,
 * locations, users and IDs on every run and every machine (Math.random would not).
 */

export type Rng = () => number;

/** mulberry32: tiny, fast, good enough for test data. Returns floats in [0, 1). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Independent streams derived from one seed, so that e.g. changing the number of users does not
 * change the location IDs, and IDs of users created at run time do not depend on seeding.
 */
export function deriveRng(seed: number, stream: number): Rng {
  // Mix the stream number in with a multiplicative hash so neighbouring streams diverge at once.
  return mulberry32((seed ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0);
}

export function randInt(rng: Rng, minInclusive: number, maxInclusive: number): number {
  return minInclusive + Math.floor(rng() * (maxInclusive - minInclusive + 1));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T;
}

/** In-place Fisher-Yates shuffle. */
export function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = items[i] as T;
    items[i] = items[j] as T;
    items[j] = tmp;
  }
  return items;
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** HighLevel IDs look like `0IHuJvc2ofPAAA8GzTRi`: 20 alphanumerics. */
export function makeId(rng: Rng): string {
  let id = '';
  for (let i = 0; i < 20; i++) id += ID_ALPHABET[Math.floor(rng() * ID_ALPHABET.length)];
  return id;
}
