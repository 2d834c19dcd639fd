// Seeded pseudo-random numbers, so every registry derives the same synthetic world from one seed.

/** A deterministic stream of pseudo-random numbers. */
export interface Random {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T
  /** True with the given probability. */
  chance(probability: number): boolean
}

/**
 * Creates a mulberry32 generator: tiny, fast and good enough for mock data (never for secrets).
 *
 * @example
 * const random = createRandom(42)
 * random.int(1, 6) // the same value on every run
 */
export function createRandom(seed: number): Random {
  if (!Number.isInteger(seed)) throw new TypeError('seed must be an integer')
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      if (items.length === 0) throw new TypeError('cannot pick from an empty list')
      return items[Math.floor(next() * items.length)] as (typeof items)[number]
    },
    chance: (probability) => next() < probability,
  }
}

/**
 * Derives an independent seed for one purpose (FNV-1a over the label, mixed with the seed), so a
 * registry can draw its own numbers without shifting the population's stream.
 *
 * @example
 * const vehicles = createRandom(deriveSeed(DEFAULT_SEED, 'vehicles'))
 */
export function deriveSeed(seed: number, label: string): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0
  for (let i = 0; i < label.length; i++) {
    hash ^= label.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash
}
