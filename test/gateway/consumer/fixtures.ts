// The consumer side as plain values: its context, a signed exchange with the population agency,
// and the provider's signed reply to it. No listener, socket or TLS anywhere.
import type { IncomingHttpHeaders } from 'node:http'
import { createContractCache, type ConsumerContext } from '#gateway/consumer/index.js'
import type { ConsumerExchange } from '#gateway/consumer/complete-exchange.js'
import type { ProviderReply } from '#gateway/consumer/send-to-provider.js'
import type { DirectoryClient } from '#gateway/directory/index.js'
import { parseRestPath } from '#gateway/identifiers/index.js'
import {
  contentDigest,
  requestHash,
  signResponse,
  type SigningKey,
} from '#gateway/signing/index.js'
import { createDataTracker } from '#gateway/tracker/index.js'
import {
  BANK,
  bankKey,
  federationHeaders,
  keepingLog,
  KYC_APP,
  NOW_MS,
  now,
  POPULATION,
  populationKey,
  SKEW_SECONDS,
  signedRequest,
  silent,
  URL_PATH,
  view,
} from '../exchange/fixtures.js'

/** The bank's node gw1; what an exchange with a provider does not reach is left out. */
export function consumerContext(change: Partial<ConsumerContext> = {}): ConsumerContext {
  return {
    nodeId: `${BANK}/gw1`,
    directory: { held: () => view, current: () => view } as unknown as DirectoryClient,
    signingKey: bankKey.signing,
    audit: keepingLog() as unknown as ConsumerContext['audit'],
    verifyToken: () => Promise.reject(new Error('no token verifier in this test')),
    issueToken: () => Promise.reject(new Error('no token issuer in this test')),
    revokeToken: () => Promise.reject(new Error('no token store in this test')),
    connections: {} as ConsumerContext['connections'],
    selector: {} as ConsumerContext['selector'],
    tracker: createDataTracker({ key: new Uint8Array(32).fill(9), directory: () => view, now }),
    contracts: createContractCache({ now }),
    maxBodyBytes: 1024 * 1024,
    skewSeconds: SKEW_SECONDS,
    now,
    logger: silent,
    ...change,
  }
}

/** The kyc-app's GET of a person, signed and sent to the population agency's gw1. */
export function consumerExchange(): ConsumerExchange {
  const headers = federationHeaders()
  return {
    receivedAt: NOW_MS,
    target: parseRestPath(URL_PATH),
    client: KYC_APP,
    providerMember: POPULATION,
    request: {
      method: 'GET',
      pathAndQuery: URL_PATH,
      headers,
      signedHeaders: ['traceparent'],
      body: new Uint8Array(0),
    },
    sent: { node: view.nodesOf(POPULATION)[0]!, signed: signedRequest(headers) },
  }
}

/**
 * The provider's answer to `exchange` as its gateway signs it: bound to the request's signature,
 * with its digest and request hash. `key` signs it (the population agency's by default).
 */
export function providerReply(
  exchange: ConsumerExchange,
  body = new TextEncoder().encode('{"name":"Aibek"}'),
  key: SigningKey = populationKey.signing,
): ProviderReply {
  const signed = exchange.sent!.signed
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-road-id': exchange.request.headers['x-road-id']!,
    'x-road-client': exchange.client,
    'x-road-request-id': exchange.request.headers['x-road-request-id']!,
    'x-road-request-hash': requestHash(signed.signatureBase),
    'content-digest': contentDigest(body),
  }
  const signature = signResponse(
    { status: 200, header: (name) => headers[name], requestSignature: signed.signature },
    key,
    { now: NOW_MS / 1000 },
  )
  headers['signature-input'] = signature.signatureInput
  headers['signature'] = signature.signature
  return { status: 200, headers: headers as IncomingHttpHeaders, body }
}
