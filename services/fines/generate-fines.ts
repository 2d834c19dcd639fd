// Derives the fines register from the vehicles register: offences recorded against plates.

import {
  createRandom,
  DEMO_PIN,
  deriveSeed,
  pickTown,
  STREETS,
  toDay,
  type Population,
  type Random,
} from '../shared/index.js'
import type { Vehicle, VehicleRegister } from '../vehicles/index.js'
import { isoSeconds } from './iso-seconds.js'
import { OFFENCES, type Offence } from './offences.js'
import { CURRENCY, type Fine, type FineRegister } from './records.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
/** Fines older than this are archived and no longer in the register. */
const HISTORY_DAYS = 3 * 365
/** Relative weights of a vehicle having 0, 1, 2, 3 or 4 fines on record. */
const FINE_COUNT_WEIGHTS = [55, 25, 12, 6, 2] as const
const OFFENCE_WEIGHT = OFFENCES.reduce((sum, offence) => sum + offence.weight, 0)

/** A fine before it is numbered (numbers follow the order of issue across the register). */
type DraftFine = Omit<Fine, 'fineId'> & { issuedMs: number }

/**
 * Generates fines as a pure function of the population, the vehicles register and a seed. Every
 * fine names a plate of the vehicles register and that vehicle's owner; deregistered vehicles
 * have none. The demo citizen's first vehicle has at least two fines, the oldest paid and the
 * newest unpaid. Records are frozen.
 *
 * @example
 * const population = createPopulation()
 * const fines = generateFines(population, generateVehicleRegister(population, seed), seed)
 * fines.byPin.get(DEMO_PIN)?.[0]?.status // 'unpaid'
 */
export function generateFines(
  population: Population,
  vehicles: VehicleRegister,
  seed: number,
): FineRegister {
  const random = createRandom(deriveSeed(seed, 'fines'))
  const referenceMs = toDay(population.referenceDate) * DAY
  const drafts: DraftFine[] = []
  for (const vehicle of vehicles.vehicles) {
    if (vehicle.status === 'deregistered') continue
    const demo = vehicle.ownerPin === DEMO_PIN && vehicles.byOwner.get(DEMO_PIN)?.[0] === vehicle
    const city = population.byPin.get(vehicle.ownerPin)?.address.city
    drafts.push(...drawFines(random, { vehicle, city, referenceMs, demo }))
  }
  drafts.sort((a, b) => a.issuedMs - b.issuedMs)
  return indexFines(numberFines(drafts))
}

interface VehicleFines {
  vehicle: Vehicle
  /** The owner's home town, where most offences happen. */
  city: string | undefined
  referenceMs: number
  /** Guarantees the demo citizen a paid and an unpaid fine. */
  demo: boolean
}

function drawFines(random: Random, target: VehicleFines): DraftFine[] {
  const { vehicle, referenceMs, demo } = target
  const drawn = weightedIndex(random, FINE_COUNT_WEIGHTS)
  const count = demo ? Math.max(drawn, 2) : drawn
  const firstDay = Math.max(toDay(vehicle.registeredAt), referenceMs / DAY - HISTORY_DAYS)
  const times: number[] = []
  for (let i = 0; i < count; i++) {
    const day = random.int(Math.min(firstDay, referenceMs / DAY - 1), referenceMs / DAY - 1)
    // 06:00 to 23:59 in Bishkek (UTC+6).
    times.push(day * DAY + random.int(0, 17) * HOUR + random.int(0, 59) * MINUTE)
  }
  times.sort((a, b) => a - b)
  return times.map((issuedMs, index) => {
    const forced = !demo ? undefined : index === 0 ? true : index === count - 1 ? false : undefined
    return drawFine(random, target, issuedMs, forced)
  })
}

function drawFine(
  random: Random,
  { vehicle, city, referenceMs }: VehicleFines,
  issuedMs: number,
  forcePaid: boolean | undefined,
): DraftFine {
  const offence = pickOffence(random)
  const town = city !== undefined && random.chance(0.8) ? city : pickTown(random).city
  const daysAgo = (referenceMs - issuedMs) / DAY
  const paid = forcePaid ?? random.chance(daysAgo < 30 ? 0.3 : daysAgo < 180 ? 0.7 : 0.92)
  const latestHours = Math.floor((referenceMs - issuedMs) / HOUR) - 1
  const paidMs = issuedMs + random.int(1, Math.min(60 * 24, latestHours)) * HOUR
  return {
    plate: vehicle.plate,
    ownerPin: vehicle.ownerPin,
    offenceCode: offence.code,
    offence: offence.description,
    amount: offence.amount,
    currency: CURRENCY,
    issuedAt: isoSeconds(issuedMs),
    issuedMs,
    location: `${town}, ${random.pick(STREETS)}`,
    status: paid ? 'paid' : 'unpaid',
    paidAt: paid ? isoSeconds(paidMs + random.int(0, 59) * MINUTE) : null,
  }
}

/** Serials restart each year: `FN<year><serial>`. */
function numberFines(drafts: readonly DraftFine[]): Fine[] {
  const serials = new Map<string, number>()
  return drafts.map(({ issuedMs: _issuedMs, ...draft }) => {
    const year = draft.issuedAt.slice(0, 4)
    const serial = (serials.get(year) ?? 0) + 1
    serials.set(year, serial)
    return Object.freeze({ fineId: `FN${year}${String(serial).padStart(6, '0')}`, ...draft })
  })
}

function indexFines(fines: Fine[]): FineRegister {
  const byId = new Map(fines.map((fine) => [fine.fineId, fine]))
  const byPin = new Map<string, Fine[]>()
  for (const fine of [...fines].reverse()) {
    const list = byPin.get(fine.ownerPin) ?? []
    list.push(fine)
    byPin.set(fine.ownerPin, list)
  }
  for (const list of byPin.values()) Object.freeze(list)
  return { fines: Object.freeze(fines), byId, byPin }
}

function pickOffence(random: Random): Offence {
  let ticket = random.next() * OFFENCE_WEIGHT
  for (const offence of OFFENCES) {
    ticket -= offence.weight
    if (ticket < 0) return offence
  }
  return OFFENCES[OFFENCES.length - 1] as Offence
}

function weightedIndex(random: Random, weights: readonly number[]): number {
  let ticket = random.next() * weights.reduce((sum, weight) => sum + weight, 0)
  for (const [index, weight] of weights.entries()) {
    ticket -= weight
    if (ticket < 0) return index
  }
  return weights.length - 1
}
