// A stand-in for the criminal records register: a fixed, seed-derived share of adults has a record.

import { ageOn, createRandom, deriveSeed, type Person } from '../shared/index.js'

/** General age of criminal responsibility in Kyrgyz criminal law (14 for some grave offences). */
export const AGE_OF_RESPONSIBILITY = 16
/** Share of persons of that age or older who have a record. */
export const RECORD_SHARE = 0.05

/** Answers whether the criminal records register holds an entry for a person. */
export type CriminalRecordCheck = (person: Person) => boolean | Promise<boolean>

/**
 * The synthetic check: deterministic per seed and PIN (its own derived stream, so the population
 * is unchanged), judged at the population's reference date.
 *
 * @example
 * const hasRecord = createCriminalRecordCheck(DEFAULT_SEED, REFERENCE_DATE)
 * await hasRecord(person) // false for about 95% of adults, always false for children
 */
export function createCriminalRecordCheck(
  seed: number,
  referenceDate: string,
): CriminalRecordCheck {
  return (person) => {
    if (ageOn(person.dateOfBirth, referenceDate) < AGE_OF_RESPONSIBILITY) return false
    return createRandom(deriveSeed(seed, `criminal-record:${person.pin}`)).chance(RECORD_SHARE)
  }
}
