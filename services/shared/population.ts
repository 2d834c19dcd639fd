// The shared synthetic population: one seed gives every registry the same persons and families.

import { toDay } from './dates.js'
import { assignDeaths } from './deaths.js'
import { seedHousehold } from './families.js'
import type { Person } from './person.js'
import { createPopulationBuilder } from './population-builder.js'
import { createRandom, deriveSeed } from './random.js'

/** The seed every registry uses unless told otherwise. */
export const DEFAULT_SEED = 20_240_917
export const DEFAULT_POPULATION_SIZE = 2000
export const MAX_POPULATION_SIZE = 1_000_000
/** "Today" in the synthetic world: ages and statuses are computed against it, never the clock. */
export const REFERENCE_DATE = '2025-01-01'

export interface PopulationOptions {
  seed?: number
  size?: number
}

export interface Population {
  readonly seed: number
  readonly referenceDate: string
  /** Persons in generation order: family trees, each founder followed by descendants. */
  readonly persons: readonly Person[]
  readonly byPin: ReadonlyMap<string, Person>
}

/**
 * Generates a deterministic population: the same seed and size always give identical persons,
 * PINs and family links (spouses, parents and children consistent both ways). Records are frozen.
 *
 * @example
 * const { persons, byPin } = createPopulation({ seed: 7, size: 500 })
 * byPin.get(persons[0].pin)?.lastName
 */
export function createPopulation(options: PopulationOptions = {}): Population {
  const seed = options.seed ?? DEFAULT_SEED
  const size = options.size ?? DEFAULT_POPULATION_SIZE
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffff_ffff) {
    throw new TypeError('seed must be an integer in [0, 2^32)')
  }
  if (!Number.isSafeInteger(size) || size < 1 || size > MAX_POPULATION_SIZE) {
    throw new TypeError(`size must be an integer in [1, ${MAX_POPULATION_SIZE}]`)
  }
  const referenceDay = toDay(REFERENCE_DATE)
  const builder = createPopulationBuilder(createRandom(seed), size, referenceDay)
  while (!builder.isFull()) seedHousehold(builder)
  const deaths = createRandom(deriveSeed(seed, 'deaths'))
  assignDeaths(deaths, builder.persons, builder.byPin, referenceDay)
  for (const person of builder.persons) freezePerson(person)
  const persons: readonly Person[] = Object.freeze(builder.persons)
  return { seed, referenceDate: REFERENCE_DATE, persons, byPin: builder.byPin }
}

/** Registries share one population object, so no consumer may alter another's view of it. */
function freezePerson(person: Person): void {
  Object.freeze(person.address)
  Object.freeze(person.parentPins)
  Object.freeze(person.childPins)
  Object.freeze(person)
}
