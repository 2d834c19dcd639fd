// The traffic fines register: a person's fines, one fine, and paying a fine (service `fines`).

import { Hono, type Context } from 'hono'
import {
  createPopulation,
  idempotency,
  ProblemError,
  readJsonBody,
  useProblemHandlers,
  type ProblemHandlerOptions,
} from '../shared/index.js'
import { generateVehicleRegister } from '../vehicles/index.js'
import { createFineLedger, type FineLedger } from './fine-ledger.js'
import { generateFines } from './generate-fines.js'
import { parsePaymentRequest, PAYMENT_NOT_JSON } from './payment-request.js'
import { FINE_NOT_FOUND, INVALID_FINE_ID } from './problems.js'
import { FINE_ID_PATTERN, type Fine } from './records.js'

/** A payment is three short fields; 4 KiB is far above any valid one. */
export const MAX_PAYMENT_BYTES = 4096
import { parseFineQuery, searchFines } from './search.js'

export interface FinesAppOptions extends ProblemHandlerOptions {
  /** Seed of the population, the vehicles register and the fines (default `DEFAULT_SEED`). */
  seed?: number
  /** Number of persons in the population (default `DEFAULT_POPULATION_SIZE`). */
  size?: number
  /** Clock for `paidAt` and for Idempotency-Key expiry, ms since the epoch (default `Date.now`). */
  now?: () => number
}

/**
 * Builds the fines register's HTTP API. Fines are derived from the same population and vehicles
 * register as `createVehiclesApp` with the same seed; payments are kept in memory, per app.
 * `POST /fines/{fineId}/payments` honours `Idempotency-Key`. Routes match `contracts/fines`.
 *
 * @example
 * const app = createFinesApp({ now: () => Date.parse('2025-01-02T09:30:00Z') })
 * const res = await app.request(`/fines?pin=${DEMO_PIN}&status=unpaid`)
 */
export function createFinesApp(options: FinesAppOptions = {}): Hono {
  const population = createPopulation({ seed: options.seed, size: options.size })
  const vehicles = generateVehicleRegister(population, population.seed)
  const now = options.now ?? Date.now
  const ledger = createFineLedger(generateFines(population, vehicles, population.seed), now)
  const app = new Hono()
  useProblemHandlers(app, options)

  app.get('/health', (c) => c.json({ status: 'ok' }))

  app.get('/fines', (c) => c.json(searchFines(ledger, parseFineQuery(c.req.queries()))))
  app.get('/fines/:fineId', (c) => c.json(findFine(c, ledger)))
  app.post(
    '/fines/:fineId/payments',
    idempotency({ now, maxBodyBytes: MAX_PAYMENT_BYTES }),
    async (c) => {
      const fine = findFine(c, ledger)
      const body = await readJsonBody(c, {
        limit: MAX_PAYMENT_BYTES,
        malformed: PAYMENT_NOT_JSON,
      })
      const request = parsePaymentRequest(body)
      return c.json(ledger.pay(fine.fineId, request), 201)
    },
  )

  return app
}

/** Checks the id's shape before looking it up, so malformed input is a 400, not a 404. */
function findFine(c: Context, ledger: FineLedger): Fine {
  const fineId = c.req.param('fineId') ?? ''
  if (!FINE_ID_PATTERN.test(fineId)) throw new ProblemError(INVALID_FINE_ID)
  const fine = ledger.find(fineId)
  if (fine === undefined) throw new ProblemError(FINE_NOT_FOUND)
  return fine
}
