// Synthetic registered addresses: a weighted town, a street, a house and (in towns) a flat.

import { fromDay } from './dates.js'
import type { RegisteredAddress } from './person.js'
import { STREETS, TOWNS, type Town } from './places.js'
import type { Random } from './random.js'

const TOTAL_WEIGHT = TOWNS.reduce((sum, town) => sum + town.weight, 0)

/** Picks a town with probability proportional to its weight. */
export function pickTown(random: Random): Town {
  let ticket = random.next() * TOTAL_WEIGHT
  for (const town of TOWNS) {
    ticket -= town.weight
    if (ticket < 0) return town
  }
  return TOWNS[TOWNS.length - 1] as Town
}

/** A new registered address, registered on a day in [earliestDay, latestDay]. */
export function createHome(
  random: Random,
  earliestDay: number,
  latestDay: number,
): RegisteredAddress {
  const town = pickTown(random)
  const house = `${random.int(1, 180)}${random.chance(0.08) ? random.pick(['A', 'B']) : ''}`
  const since = fromDay(random.int(Math.min(earliestDay, latestDay), latestDay))
  const base = { region: town.region, city: town.city, street: random.pick(STREETS), house }
  if (!random.chance(town.flatShare)) return { ...base, registeredSince: since }
  return { ...base, apartment: String(random.int(1, 140)), registeredSince: since }
}

/** The same address registered from a later day (a child born into it, a relative moving in). */
export function joinHome(home: RegisteredAddress, day: string): RegisteredAddress {
  return { ...home, registeredSince: day > home.registeredSince ? day : home.registeredSince }
}
