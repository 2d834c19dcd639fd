// The civil documents register: issues residence, no-criminal-record and birth certificates.

import { Hono, type Context, type MiddlewareHandler } from 'hono'
import {
  createPopulation,
  idempotency,
  ProblemError,
  readJsonBody,
  useProblemHandlers,
  type Person,
  type Population,
  type ProblemHandlerOptions,
} from '../shared/index.js'
import type { Certificate } from './certificate.js'
import { isCertificateId, randomCertificateId } from './certificate-id.js'
import { createCertificateStore, type CertificateStore } from './certificate-store.js'
import { createCriminalRecordCheck, type CriminalRecordCheck } from './criminal-records.js'
import { composeCertificate } from './issue-certificate.js'
import { parseIssueRequest } from './issue-request.js'
import { parseCertificateQuery } from './list-query.js'
import {
  CERTIFICATE_NOT_FOUND,
  CERTIFICATE_REFUSED,
  INVALID_BODY,
  INVALID_CERTIFICATE_ID,
  PERSON_DECEASED,
  PERSON_NOT_FOUND,
  UNSUPPORTED_MEDIA_TYPE,
} from './problems.js'
import { createSampleCertificates } from './sample-certificates.js'

/** Far above any valid request (a purpose is at most 200 characters). */
export const MAX_BODY_BYTES = 4096

/** A body that is not JSON is `invalid-body` (400), as any other malformed request. */
const NOT_JSON = { ...INVALID_BODY, detail: 'the body is not valid JSON' }

export interface DocumentsAppOptions extends ProblemHandlerOptions {
  /** Seed of the synthetic population (default `DEFAULT_SEED`). */
  seed?: number
  /** Number of persons (default `DEFAULT_POPULATION_SIZE`). */
  size?: number
  /** The clock, ms since the epoch (default `Date.now`): sets `issuedAt` and `validUntil`. */
  now?: () => number
  /** Numbers new certificates (default `randomCertificateId`); must match the id pattern. */
  createId?: () => string
  /** Asks the criminal records register (default: the synthetic, seed-derived records). */
  hasCriminalRecord?: CriminalRecordCheck
}

/** Everything a request handler needs from one app instance. */
interface Registry {
  population: Population
  store: CertificateStore
  now: () => number
  createId: () => string
  hasCriminalRecord: CriminalRecordCheck
}

/**
 * Builds the civil documents register's HTTP API (service `certificates`) over the shared
 * synthetic population. Issued certificates live in memory, per instance; a fresh instance holds
 * the sample certificates of `createSampleCertificates`. Routes match `contracts/documents`.
 *
 * @example
 * const app = createDocumentsApp({ now: () => Date.parse('2025-01-15T10:00:00Z') })
 * const res = await app.request('/certificates', {
 *   method: 'POST',
 *   headers: { 'content-type': 'application/json', 'idempotency-key': 'a1b2' },
 *   body: JSON.stringify({ type: 'birth', pin: '22905199138381', purpose: 'School enrolment' }),
 * })
 */
export function createDocumentsApp(options: DocumentsAppOptions = {}): Hono {
  const population = createPopulation({ seed: options.seed, size: options.size })
  const now = options.now ?? Date.now
  const registry: Registry = {
    population,
    store: createCertificateStore(),
    now,
    createId: options.createId ?? randomCertificateId,
    hasCriminalRecord:
      options.hasCriminalRecord ??
      createCriminalRecordCheck(population.seed, population.referenceDate),
  }
  for (const certificate of createSampleCertificates(population)) registry.store.add(certificate)
  const app = new Hono()
  useProblemHandlers(app, options)

  app.get('/health', (c) => c.json({ status: 'ok' }))

  app.post(
    '/certificates',
    requireJson,
    idempotency({ now, maxBodyBytes: MAX_BODY_BYTES }),
    async (c) => {
      const body = await readJsonBody(c, { limit: MAX_BODY_BYTES, malformed: NOT_JSON })
      const certificate = await issueCertificate(registry, body)
      return c.json(certificate, 201, { location: `/certificates/${certificate.id}` })
    },
  )
  app.get('/certificates', (c) => {
    const filter = parseCertificateQuery(c.req.queries())
    findPerson(population, filter.pin)
    return c.json(registry.store.list(filter))
  })
  app.get('/certificates/:id', (c) => c.json(findCertificate(c, registry.store)))

  return app
}

/** Checks the request, then the person, then the records, and only then issues (allow-list first). */
async function issueCertificate(registry: Registry, body: unknown): Promise<Certificate> {
  const request = parseIssueRequest(body)
  const person = findPerson(registry.population, request.pin)
  if (request.type === 'residence' && person.status === 'deceased') {
    throw new ProblemError(PERSON_DECEASED)
  }
  if (request.type === 'no-criminal-record' && (await registry.hasCriminalRecord(person))) {
    throw new ProblemError(CERTIFICATE_REFUSED)
  }
  const certificate = composeCertificate(request, person, {
    id: newCertificateId(registry),
    issuedAt: registry.now(),
    population: registry.population,
  })
  registry.store.add(certificate)
  return certificate
}

/** An injected generator that breaks the pattern or repeats itself is a bug: a 500, not a clash. */
function newCertificateId(registry: Registry): string {
  const id = registry.createId()
  if (!isCertificateId(id)) throw new TypeError('createId returned a malformed certificate number')
  if (registry.store.has(id)) throw new Error('createId returned a certificate number in use')
  return id
}

/** RFC 9110 §15.5.16: a body in another media type is refused before it is read. */
const requireJson: MiddlewareHandler = async (c, next) => {
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase()
  if (mediaType !== 'application/json') throw new ProblemError(UNSUPPORTED_MEDIA_TYPE)
  await next()
}

function findPerson(population: Population, pin: string): Person {
  const person = population.byPin.get(pin)
  if (person === undefined) throw new ProblemError(PERSON_NOT_FOUND)
  return person
}

/** Checks the number's shape before looking it up, so malformed input is a 400, not a 404. */
function findCertificate(c: Context, store: CertificateStore): Certificate {
  const id = c.req.param('id') ?? ''
  if (!isCertificateId(id)) throw new ProblemError(INVALID_CERTIFICATE_ID)
  const certificate = store.get(id)
  if (certificate === undefined) throw new ProblemError(CERTIFICATE_NOT_FOUND)
  return certificate
}
