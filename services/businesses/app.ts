// The businesses and tax register: businesses by TIN, search, officers and tax standing.

import { Hono, type Context } from 'hono'
import { ProblemError, useProblemHandlers, type ProblemHandlerOptions } from '../shared/index.js'
import type { Business, TaxStatus } from './business.js'
import { BUSINESS_NOT_FOUND, INVALID_TIN } from './problems.js'
import { createBusinessRegister, type BusinessRegister } from './register.js'
import { parseBusinessQuery, searchBusinesses } from './search.js'
import { isTin } from './tin.js'
import { toDirectors, toSummary } from './views.js'

export interface BusinessesAppOptions extends ProblemHandlerOptions {
  /** Seed of the synthetic population and its businesses (default `DEFAULT_SEED`). */
  seed?: number
  /** Number of persons (default `DEFAULT_POPULATION_SIZE`); businesses number a fifth of it. */
  size?: number
}

/**
 * Builds the businesses register's HTTP API over the deterministic synthetic population. Every
 * route lives under `/businesses`, the service code. Errors are RFC 9457 problem+json. The routes
 * match `contracts/businesses`.
 *
 * @example
 * const app = createBusinessesApp({ seed: 7 })
 * const res = await app.request(`/businesses?directorPin=${DEMO_PIN}`)
 */
export function createBusinessesApp(options: BusinessesAppOptions = {}): Hono {
  const register = createBusinessRegister({ seed: options.seed, size: options.size })
  const app = new Hono()
  useProblemHandlers(app, options)

  app.get('/health', (c) => c.json({ status: 'ok' }))

  app.get('/businesses', (c) => {
    const page = searchBusinesses(register.businesses, parseBusinessQuery(c.req.queries()))
    return c.json({ ...page, items: page.items.map(toSummary) })
  })
  app.get('/businesses/:tin', (c) => c.json(findBusiness(c, register)))
  app.get('/businesses/:tin/directors', (c) =>
    c.json(toDirectors(findBusiness(c, register), register.population)),
  )
  app.get('/businesses/:tin/tax-status', (c) => c.json(findTaxStatus(c, register)))

  return app
}

/** Checks the TIN's shape before looking it up, so malformed input is a 400, not a 404. */
function findBusiness(c: Context, register: BusinessRegister): Business {
  const tin = c.req.param('tin') ?? ''
  if (!isTin(tin)) throw new ProblemError(INVALID_TIN)
  const business = register.byTin.get(tin)
  if (business === undefined) throw new ProblemError(BUSINESS_NOT_FOUND)
  return business
}

/** Every registered business has a tax record; a missing one is a generator bug, hence a 500. */
function findTaxStatus(c: Context, register: BusinessRegister): TaxStatus {
  const tax = register.taxByTin.get(findBusiness(c, register).tin)
  if (tax === undefined) throw new Error('business without a tax record')
  return tax
}
