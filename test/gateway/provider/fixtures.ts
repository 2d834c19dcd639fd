// The provider side as plain values: its context, a published service over a stub registry, an
// exchange whose request signature is verified. No listener, socket or TLS anywhere.
import { Readable } from 'node:stream'
import { createAccessPolicy, type Grant } from '#gateway/access/index.js'
import type { ServiceConfig } from '#gateway/config/index.js'
import type { DirectoryClient } from '#gateway/directory/index.js'
import type { InboundRequest } from '#gateway/exchange/index.js'
import { parseRestPath } from '#gateway/identifiers/index.js'
import type {
  BackendRequest,
  BackendResponse,
  ProviderContext,
  PublishedService,
} from '#gateway/provider/index.js'
import type { Exchange } from '#gateway/provider/respond-signed.js'
import { startMemoryStore } from '#gateway/store/index.js'
import { createDataTracker } from '#gateway/tracker/index.js'
import { createContractValidator } from '#gateway/validation/index.js'
import {
  BANK,
  FEDERATION_ORIGIN,
  federationHeaders,
  keepingLog,
  KYC_APP,
  now,
  PERSONS,
  POPULATION,
  populationKey,
  REQUEST_ID,
  SKEW_SECONDS,
  silent,
  URL_PATH,
  verifiedRequest,
  view,
  X_ROAD_ID,
} from '../exchange/fixtures.js'

/** Validation off, as for a service without a contract; compiled once (Ajv is slow to build). */
const NO_VALIDATION = createContractValidator(
  { openapi: '3.1.0', info: { title: '', version: '' } },
  [],
  'off',
)

export const GRANTS: Grant[] = [
  { subject: KYC_APP, service: PERSONS, endpoints: [{ method: 'GET', path: '/*' }] },
]

/** The population agency's node gw1: the bank's kyc-app may read one person, nothing else. */
export function providerContext(change: Partial<ProviderContext> = {}): ProviderContext {
  return {
    nodeId: `${POPULATION}/gw1`,
    federationOrigin: FEDERATION_ORIGIN,
    directory: { held: () => view, current: () => view } as unknown as DirectoryClient,
    signingKey: populationKey.signing,
    store: startMemoryStore({ now }),
    audit: keepingLog() as unknown as ProviderContext['audit'],
    tracker: createDataTracker({ key: new Uint8Array(32).fill(7), directory: () => view, now }),
    services: new Map([[PERSONS, personsService()]]),
    isAllowed: createAccessPolicy(GRANTS).isAllowed,
    skewSeconds: SKEW_SECONDS,
    rateLimit: { requests: 100, windowSeconds: 60 },
    now,
    logger: silent,
    ...change,
  }
}

/** The persons service over a registry stub that answers `answer` and notes what it was sent. */
export function personsService(
  config: Partial<ServiceConfig> = {},
  answer: BackendResponse = {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: new TextEncoder().encode('{"name":"Aibek"}'),
  },
): PublishedService & { sent: BackendRequest[] } {
  const sent: BackendRequest[] = []
  return {
    sent,
    config: { id: PERSONS, url: 'http://registry.invalid/persons', ...config },
    backend: {
      send: async (request) => {
        sent.push(request)
        return answer
      },
      close: async () => undefined,
    },
    maxBodyBytes: 1024 * 1024,
    endpoints: [],
    validator: NO_VALIDATION,
    registryHeaders: new Set(),
  }
}

/** A GET of a person with an empty body, as the federation listener hands it on. */
export function inboundRequest(change: Partial<InboundRequest> = {}): InboundRequest {
  return {
    method: 'GET',
    url: URL_PATH,
    headers: federationHeaders(),
    body: Readable.from([]),
    ...change,
  }
}

/** The bank's request once its signature is verified: what every stage after it receives. */
export function federationExchange(change: Partial<Exchange> = {}): Exchange {
  return {
    receivedAt: now(),
    target: parseRestPath(URL_PATH),
    client: KYC_APP,
    xRoadId: X_ROAD_ID,
    requestId: REQUEST_ID,
    verified: verifiedRequest(),
    peer: `${BANK}/gw1`,
    request: inboundRequest(),
    requestBytes: 0,
    ...change,
  }
}
