// The synthetic businesses and tax register, derived from the shared population and its seed.

import {
  ageOn,
  createPopulation,
  createRandom,
  DEMO_PIN,
  deriveSeed,
  toDay,
  type Person,
  type Population,
  type PopulationOptions,
  type Random,
} from '../shared/index.js'
import type { Business, BusinessStatus, TaxStatus } from './business.js'
import { foundBusiness, type FoundingContext, type FoundingPlan } from './founding.js'
import { assessTax } from './tax.js'

/** 400 businesses for the default 2 000 persons. */
export const BUSINESSES_PER_PERSON = 0.2
/** Share of working-age adults who direct or found a business. */
export const DIRECTOR_SHARE = 0.1

export interface BusinessRegister {
  readonly population: Population
  /** Businesses in register order (each director's first business, then later ones). */
  readonly businesses: readonly Business[]
  readonly byTin: ReadonlyMap<string, Business>
  readonly taxByTin: ReadonlyMap<string, TaxStatus>
}

/**
 * Generates the register deterministically from the population's seed and size: about one
 * business per five persons, run by about a tenth of the living adults aged 20–75. The demo
 * person (`DEMO_PIN`), when in the population, directs an active LLC. Records are frozen.
 *
 * @example
 * const { businesses, byTin } = createBusinessRegister({ seed: 7 })
 * byTin.get(businesses[0].tin)?.name
 */
export function createBusinessRegister(options: PopulationOptions = {}): BusinessRegister {
  const population = createPopulation(options)
  const random = createRandom(deriveSeed(population.seed, 'businesses'))
  const referenceDay = toDay(population.referenceDate)
  const pool = choosePool(random, population)
  const ctx: FoundingContext = { random, referenceDay, pool, tins: new Set(), names: new Set() }
  const target = Math.round(population.persons.length * BUSINESSES_PER_PERSON)
  const businesses: Business[] = []
  const add = (owner: Person, plan: FoundingPlan): void => {
    const business = foundBusiness(ctx, owner, plan)
    if (business === undefined) return
    ctx.tins.add(business.tin)
    businesses.push(freezeBusiness(business))
  }
  for (const owner of pool) {
    if (businesses.length >= target) break
    add(owner, owner.pin === DEMO_PIN ? DEMO_PLAN : { status: firstStatus(random) })
  }
  for (let attempt = 0; pool.length > 0 && businesses.length < target; attempt++) {
    if (attempt > target * 10) break
    add(random.pick(pool), { status: laterStatus(random) })
  }
  const tax = createRandom(deriveSeed(population.seed, 'businesses/tax'))
  const taxes = businesses.map((b) => Object.freeze(assessTax(tax, b, referenceDay)))
  return {
    population,
    businesses: Object.freeze(businesses),
    byTin: new Map(businesses.map((b) => [b.tin, b])),
    taxByTin: new Map(taxes.map((t) => [t.tin, t])),
  }
}

const DEMO_PLAN: FoundingPlan = { status: 'active', legalForm: 'LLC', founderDirects: true }

/** Living adults of working age, each with chance `DIRECTOR_SHARE`; the demo person always. */
function choosePool(random: Random, population: Population): Person[] {
  return population.persons.filter((person) => {
    if (person.status !== 'alive') return false
    const age = ageOn(person.dateOfBirth, population.referenceDate)
    const chosen = random.chance(DIRECTOR_SHARE)
    return age >= 20 && age <= 75 && (chosen || person.pin === DEMO_PIN)
  })
}

/** A director's first business is usually still trading. */
function firstStatus(random: Random): BusinessStatus {
  const roll = random.next()
  return roll < 0.85 ? 'active' : roll < 0.93 ? 'liquidated' : 'suspended'
}

/** Later ventures fail more often. */
function laterStatus(random: Random): BusinessStatus {
  const roll = random.next()
  return roll < 0.55 ? 'active' : roll < 0.92 ? 'liquidated' : 'suspended'
}

/** Records are shared by every request, so none may alter another's view of them. */
function freezeBusiness(business: Business): Business {
  Object.freeze(business.address)
  Object.freeze(business.activity)
  for (const director of business.directors) Object.freeze(director)
  Object.freeze(business.directors)
  return Object.freeze(business)
}
