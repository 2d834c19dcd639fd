// Marks part of the population deceased, with a death date consistent with the rest of the record.

import { addYears, ageOn, fromDay, toDay } from './dates.js'
import type { DraftPerson } from './person.js'
import type { Random } from './random.js'

/** Probability of having died by the reference date, by age (minimum age, probability). */
const MORTALITY: readonly (readonly [number, number])[] = [
  [85, 0.7],
  [75, 0.4],
  [65, 0.15],
  [45, 0.04],
  [0, 0.004],
]

/** Decides, in list order, who has died; the date never precedes a child's birth or the address. */
export function assignDeaths(
  random: Random,
  persons: readonly DraftPerson[],
  byPin: ReadonlyMap<string, DraftPerson>,
  referenceDay: number,
): void {
  const referenceDate = fromDay(referenceDay)
  for (const person of persons) {
    const age = ageOn(person.dateOfBirth, referenceDate)
    const probability = MORTALITY.find(([minimumAge]) => age >= minimumAge)?.[1] ?? 0
    if (!random.chance(probability)) continue
    const birthDay = toDay(person.dateOfBirth)
    let earliest = Math.max(birthDay + 1, toDay(person.address.registeredSince))
    if (age >= 65) earliest = Math.max(earliest, addYears(birthDay, 55))
    for (const childPin of person.childPins) {
      const child = byPin.get(childPin)
      if (child !== undefined) earliest = Math.max(earliest, toDay(child.dateOfBirth))
    }
    if (earliest >= referenceDay) continue
    person.status = 'deceased'
    person.dateOfDeath = fromDay(random.int(earliest, referenceDay - 1))
  }
}
