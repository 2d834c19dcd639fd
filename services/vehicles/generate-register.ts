// Derives the vehicles register from the shared population: who drives, who owns which vehicle.

import {
  addYears,
  ageOn,
  createRandom,
  DEMO_PIN,
  deriveSeed,
  fromDay,
  toDay,
  type Person,
  type Population,
  type Random,
} from '../shared/index.js'
import { COLOURS, VEHICLE_MODELS, WMI_BY_MAKE, type VehicleModel } from './catalogue.js'
import { issueLicence } from './issue-licence.js'
import { randomPlate } from './plates.js'
import type { DrivingLicence, Vehicle, VehicleRegister, VehicleStatus } from './records.js'
import { randomVin } from './vin.js'

/** Oldest model year still on the register. */
const OLDEST_YEAR = 1995
const TOTAL_WEIGHT = VEHICLE_MODELS.reduce((sum, entry) => sum + entry.weight, 0)

/** Mutable state of one generation run: the stream, the records and the identifiers handed out. */
interface Draft {
  random: Random
  referenceDate: string
  vehicles: Vehicle[]
  plates: Map<string, Vehicle>
  byOwner: Map<string, readonly Vehicle[]>
  licences: DrivingLicence[]
  licenceByPin: Map<string, DrivingLicence>
  vins: Set<string>
  licenceNumbers: Set<string>
}

/**
 * Generates the register as a pure function of the population and a seed: about 60 % of living
 * adults hold a licence and about 40 % own one or two vehicles. The demo citizen (`DEMO_PIN`)
 * always holds a valid licence and owns a registered vehicle. Records are frozen.
 *
 * @example
 * const register = generateVehicleRegister(createPopulation(), DEFAULT_SEED)
 * register.byOwner.get(DEMO_PIN)?.[0]?.plate // '01KG…'
 */
export function generateVehicleRegister(population: Population, seed: number): VehicleRegister {
  const draft: Draft = {
    random: createRandom(deriveSeed(seed, 'vehicles')),
    referenceDate: population.referenceDate,
    vehicles: [],
    plates: new Map(),
    byOwner: new Map(),
    licences: [],
    licenceByPin: new Map(),
    vins: new Set(),
    licenceNumbers: new Set(),
  }
  for (const person of population.persons) {
    if (person.status !== 'alive' || ageOn(person.dateOfBirth, draft.referenceDate) < 18) continue
    registerAdult(draft, person)
  }
  return {
    vehicles: Object.freeze(draft.vehicles),
    byPlate: draft.plates,
    byOwner: draft.byOwner,
    licences: Object.freeze(draft.licences),
    licenceByPin: draft.licenceByPin,
  }
}

/** Licence holders are far likelier to own a vehicle than adults who do not drive. */
function registerAdult(draft: Draft, person: Person): void {
  const demo = person.pin === DEMO_PIN
  const licensed = demo || draft.random.chance(0.6)
  const owns = demo || draft.random.chance(licensed ? 0.55 : 0.18)
  const owned = owns ? drawVehicles(draft, person) : []
  if (owned.length > 0) draft.byOwner.set(person.pin, Object.freeze(owned))
  draft.vehicles.push(...owned)
  if (!licensed) return
  const licence = issueLicence(draft.random, {
    person,
    referenceDate: draft.referenceDate,
    owned: owned.map((vehicle) => vehicle.category),
    licenceNumber: uniqueLicenceNumber(draft),
    valid: demo,
  })
  Object.freeze(licence.categories)
  draft.licences.push(Object.freeze(licence))
  draft.licenceByPin.set(person.pin, licence)
}

/** One vehicle, or two for a quarter of owners; the demo citizen's first is always registered. */
function drawVehicles(draft: Draft, owner: Person): Vehicle[] {
  const count = draft.random.chance(0.25) ? 2 : 1
  const vehicles: Vehicle[] = []
  for (let i = 0; i < count; i++) {
    const forceRegistered = owner.pin === DEMO_PIN && i === 0
    vehicles.push(drawVehicle(draft, owner, forceRegistered))
  }
  return vehicles
}

function drawVehicle(draft: Draft, owner: Person, forceRegistered: boolean): Vehicle {
  const r = draft.random
  const entry = pickModel(r)
  const referenceYear = Number(draft.referenceDate.slice(0, 4))
  const year = r.int(Math.max(entry.from, OLDEST_YEAR), Math.min(entry.to, referenceYear))
  const referenceDay = toDay(draft.referenceDate)
  const earliest = Math.max(toDay(`${year}-01-01`), addYears(toDay(owner.dateOfBirth), 18))
  const registeredAt = fromDay(r.int(Math.min(earliest, referenceDay - 1), referenceDay - 1))
  const vehicle: Vehicle = Object.freeze({
    plate: uniquePlate(draft, owner.address.region),
    vin: uniqueVin(draft, entry.make, year),
    make: entry.make,
    model: entry.model,
    year,
    colour: r.pick(COLOURS),
    category: entry.category,
    ownerPin: owner.pin,
    registeredAt,
    status: forceRegistered ? 'registered' : drawStatus(r),
  })
  draft.plates.set(vehicle.plate, vehicle)
  return vehicle
}

function drawStatus(r: Random): VehicleStatus {
  const roll = r.next()
  return roll < 0.93 ? 'registered' : roll < 0.98 ? 'deregistered' : 'stolen'
}

function pickModel(r: Random): VehicleModel {
  let ticket = r.next() * TOTAL_WEIGHT
  for (const entry of VEHICLE_MODELS) {
    ticket -= entry.weight
    if (ticket < 0) return entry
  }
  return VEHICLE_MODELS[VEHICLE_MODELS.length - 1] as VehicleModel
}

function uniquePlate(draft: Draft, region: string): string {
  let plate: string
  do plate = randomPlate(draft.random, region)
  while (draft.plates.has(plate))
  return plate
}

function uniqueVin(draft: Draft, make: string, year: number): string {
  let vin: string
  do vin = randomVin(draft.random, WMI_BY_MAKE[make] ?? 'XXX', year)
  while (draft.vins.has(vin))
  draft.vins.add(vin)
  return vin
}

function uniqueLicenceNumber(draft: Draft): string {
  let number: string
  do number = `KG${String(draft.random.int(0, 9_999_999)).padStart(7, '0')}`
  while (draft.licenceNumbers.has(number))
  draft.licenceNumbers.add(number)
  return number
}
