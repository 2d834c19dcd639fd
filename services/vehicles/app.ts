// The vehicles register: two services, `vehicles` (by plate, by owner or make) and `licences`.

import { Hono, type Context } from 'hono'
import {
  createPopulation,
  isPin,
  ProblemError,
  useProblemHandlers,
  type ProblemHandlerOptions,
} from '../shared/index.js'
import { generateVehicleRegister } from './generate-register.js'
import { isPlate } from './plates.js'
import { INVALID_PIN, INVALID_PLATE, LICENCE_NOT_FOUND, VEHICLE_NOT_FOUND } from './problems.js'
import type { DrivingLicence, Vehicle, VehicleRegister } from './records.js'
import { parseLicenceQuery, parseVehicleQuery, searchLicences, searchVehicles } from './search.js'

export interface VehiclesAppOptions extends ProblemHandlerOptions {
  /** Seed of the synthetic population and of the register (default `DEFAULT_SEED`). */
  seed?: number
  /** Number of persons in the population (default `DEFAULT_POPULATION_SIZE`). */
  size?: number
}

/**
 * Builds the vehicles register's HTTP API over the register derived from the shared population.
 * Each service lives under its own path prefix (`/vehicles`, `/licences`), as the gateway maps a
 * service code to `<backend>/<code>`. Errors are RFC 9457 problem+json; routes match
 * `contracts/vehicles`.
 *
 * @example
 * const app = createVehiclesApp()
 * const res = await app.request(`/vehicles?ownerPin=${DEMO_PIN}`)
 */
export function createVehiclesApp(options: VehiclesAppOptions = {}): Hono {
  const population = createPopulation({ seed: options.seed, size: options.size })
  const register = generateVehicleRegister(population, population.seed)
  const app = new Hono()
  useProblemHandlers(app, options)

  app.get('/health', (c) => c.json({ status: 'ok' }))

  app.get('/vehicles', (c) => {
    const query = parseVehicleQuery(c.req.queries())
    return c.json(searchVehicles(register.vehicles, register.byOwner, query))
  })
  app.get('/vehicles/:plate', (c) => c.json(findVehicle(c, register)))

  app.get('/licences', (c) =>
    c.json(searchLicences(register.licences, parseLicenceQuery(c.req.queries()))),
  )
  app.get('/licences/:pin', (c) => c.json(findLicence(c, register)))

  return app
}

/** Checks the plate's shape before looking it up, so malformed input is a 400, not a 404. */
function findVehicle(c: Context, register: VehicleRegister): Vehicle {
  const plate = c.req.param('plate') ?? ''
  if (!isPlate(plate)) throw new ProblemError(INVALID_PLATE)
  const vehicle = register.byPlate.get(plate)
  if (vehicle === undefined) throw new ProblemError(VEHICLE_NOT_FOUND)
  return vehicle
}

/** An unknown person and a person without a licence answer alike: no licence on record. */
function findLicence(c: Context, register: VehicleRegister): DrivingLicence {
  const pin = c.req.param('pin') ?? ''
  if (!isPin(pin)) throw new ProblemError(INVALID_PIN)
  const licence = register.licenceByPin.get(pin)
  if (licence === undefined) throw new ProblemError(LICENCE_NOT_FOUND)
  return licence
}
