// The population register: persons by PIN, search, family links and registered addresses.

import { Hono, type Context } from 'hono'
import {
  createPopulation,
  isPin,
  ProblemError,
  useProblemHandlers,
  type Person,
  type Population,
  type ProblemHandlerOptions,
} from '../shared/index.js'
import { INVALID_PIN, PERSON_NOT_FOUND } from './problems.js'
import { parsePersonQuery, searchPersons } from './search.js'
import { toAddress, toFamily, toSummary } from './views.js'

export interface PopulationAppOptions extends ProblemHandlerOptions {
  /** Seed of the synthetic population (default `DEFAULT_SEED`). */
  seed?: number
  /** Number of persons (default `DEFAULT_POPULATION_SIZE`). */
  size?: number
}

/**
 * Builds the population register's HTTP API over a deterministic synthetic population.
 * Errors are RFC 9457 problem+json. The routes match `contracts/population`.
 *
 * @example
 * const app = createPopulationApp({ seed: 7 })
 * const res = await app.request('/persons?lastName=Asanova&limit=5')
 */
export function createPopulationApp(options: PopulationAppOptions = {}): Hono {
  const population = createPopulation({ seed: options.seed, size: options.size })
  const app = new Hono()
  useProblemHandlers(app, options)

  app.get('/health', (c) => c.json({ status: 'ok' }))

  app.get('/persons', (c) => {
    const page = searchPersons(population.persons, parsePersonQuery(c.req.queries()))
    return c.json({ ...page, items: page.items.map(toSummary) })
  })
  app.get('/persons/:pin', (c) => c.json(findPerson(c, population)))
  app.get('/persons/:pin/family', (c) => c.json(toFamily(findPerson(c, population), population)))
  app.get('/persons/:pin/address', (c) => c.json(toAddress(findPerson(c, population))))

  return app
}

/** Checks the PIN's shape before looking it up, so malformed input is a 400, not a 404. */
function findPerson(c: Context, population: Population): Person {
  const pin = c.req.param('pin') ?? ''
  if (!isPin(pin)) throw new ProblemError(INVALID_PIN)
  const person = population.byPin.get(pin)
  if (person === undefined) throw new ProblemError(PERSON_NOT_FOUND)
  return person
}
