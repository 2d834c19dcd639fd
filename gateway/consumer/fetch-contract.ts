// Read a service's published contract from its provider through X-Road's getOpenAPI metaservice.
import type { OpenAPIObject } from 'openapi3-ts/oas31'
import type { DirectoryView, RegisteredNode } from '../directory/index.js'
import { isMetaservice, memberOf, parseRestPath, subsystemOf } from '../identifiers/index.js'
import { KopuroError } from '../lib/errors.js'
import { newMessageId } from '../lib/ids.js'
import { deriveEndpoints, type ServiceEndpoint } from '../publication/index.js'
import { contentDigest } from '../signing/index.js'
import { needsContract } from '../tracker/index.js'
import { parseJsonSafely } from '../validation/index.js'
import { settleExchange, type ConsumerExchange, type Outcome } from './complete-exchange.js'
import type { ConsumerContext } from './consumer-context.js'
import { sendToProvider, type FederationRequest, type SentRequest } from './send-to-provider.js'
import { requestToTrack } from './track-consumer-exchange.js'

const EMPTY = new Uint8Array(0)

/** `refused`: getOpenAPI failed or answered other than 200; `no_contract`: 200 without paths. */
export type ContractFetchCode = 'refused' | 'no_contract'

/**
 * Why a provider gave no contract. The contract cache swallows it (the shape rule alone then
 * decides, docs/design.md §5); the message names only the X-Road code or status it answered.
 *
 * @example throw new ContractFetchError('no_contract', 'getOpenAPI answered no contract')
 */
export class ContractFetchError extends KopuroError<ContractFetchCode> {
  constructor(code: ContractFetchCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options)
    this.name = 'ContractFetchError'
  }
}

/**
 * The contract the consumer's record of `exchange` will apply: the one held for its service, else,
 * when only a contract can tell which person the request is about (`needsContract`), one read
 * from the provider now, alongside the exchange. Undefined when the shape rule alone will do;
 * metaservices have no contract.
 *
 * @example exchange.contract = lookUpContract(ctx, view, nodes, exchange)
 */
export function lookUpContract(
  ctx: ConsumerContext,
  view: DirectoryView,
  nodes: RegisteredNode[],
  exchange: ConsumerExchange,
): Promise<ServiceEndpoint[] | undefined> | undefined {
  const { serviceId, service } = exchange.target
  if (isMetaservice(service.serviceCode)) return undefined
  const held = ctx.contracts.held(serviceId)
  if (held) return Promise.resolve(held)
  const type = exchange.request.headers['content-type']
  const bytes = exchange.request.body.byteLength
  if (!needsContract(requestToTrack(exchange), type, bytes)) return undefined
  return ctx.contracts.load(serviceId, () =>
    fetchServiceEndpoints(ctx, view, nodes, serviceId, exchange.client),
  )
}

/**
 * `GET /r1/{provider subsystem}/getOpenAPI?serviceCode={code}` as `client`, signed, sent, verified
 * and logged like any exchange of that client (the provider logs it too), then the service's
 * endpoints derived from the answer, whose paths are relative to `/r1/{service}`. Throws a
 * ContractFetchError when the provider gives no contract.
 *
 * @example const endpoints = await fetchServiceEndpoints(ctx, view, nodes, PERSONS, KYC_APP)
 */
export async function fetchServiceEndpoints(
  ctx: ConsumerContext,
  view: DirectoryView,
  nodes: RegisteredNode[],
  serviceId: string,
  client: string,
): Promise<ServiceEndpoint[]> {
  const code = serviceId.slice(subsystemOf(serviceId).length + 1)
  const pathAndQuery = `/r1/${subsystemOf(serviceId)}/getOpenAPI?serviceCode=${encodeURIComponent(code)}`
  const request: FederationRequest = {
    method: 'GET',
    pathAndQuery,
    headers: {
      'x-road-client': client,
      'x-road-id': newMessageId(),
      'x-road-request-id': newMessageId(),
      'content-digest': contentDigest(EMPTY),
    },
    signedHeaders: [],
    body: EMPTY,
  }
  const exchange: ConsumerExchange = {
    receivedAt: ctx.now(),
    target: parseRestPath(pathAndQuery),
    client,
    providerMember: memberOf(serviceId),
    request,
  }
  let outcome: Outcome
  try {
    const sent = (s: SentRequest) => (exchange.sent = s)
    outcome = { reply: await sendToProvider(ctx, exchange.providerMember, nodes, request, sent) }
  } catch (e) {
    if (!exchange.sent) throw e
    outcome = { error: e }
  }
  const { reply, failure } = await settleExchange(ctx, view, exchange, outcome)
  if (!reply || reply.status !== 200) {
    const answered = failure?.error.code ?? reply?.status
    throw new ContractFetchError('refused', `getOpenAPI answered ${answered}`, {
      cause: failure?.error,
    })
  }
  return endpointsOf(reply.body, serviceId)
}

function endpointsOf(body: Uint8Array, serviceId: string): ServiceEndpoint[] {
  const contract = parseJsonSafely(body) as Partial<OpenAPIObject> | null
  if (typeof contract?.paths !== 'object' || contract.paths === null) {
    throw new ContractFetchError('no_contract', 'getOpenAPI answered no contract')
  }
  return deriveEndpoints(contract as OpenAPIObject, `/r1/${serviceId}`)
}
