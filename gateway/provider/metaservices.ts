// X-Road's REST metaservices, answered by the provider gateway itself (service metadata protocol for REST).
import type { OpenAPIObject, PathsObject } from 'openapi3-ts/oas31'
import { memberOf, subsystemOf } from '../identifiers/index.js'
export { isMetaservice } from '../identifiers/index.js'
import { GatewayError } from '../lib/errors.js'
import { headerValue } from '../lib/http-headers.js'
import {
  FIND_USAGE_SERVICE_CODE,
  gatherUsage,
  type TrackedRequest,
  type UsageRequest,
} from '../tracker/index.js'
import type { ServiceEndpoint } from '../publication/index.js'
import type { BackendResponse } from './forward-to-service.js'
import type { ProviderContext, PublishedService } from './provider-context.js'
import type { Exchange } from './respond-signed.js'
import { LOCAL_SCOPE_HEADER } from './ask-siblings.js'

/** Metaservices take no body. */
export const METASERVICE_MAX_BODY = 16 * 1024

interface EndpointEntry {
  method: string
  path: string
}

/**
 * Answers `listMethods` (every REST service of the subsystem and its endpoints),
 * `allowedMethods` (only the endpoints the caller's grants open) and `getOpenAPI?serviceCode=`.
 */
export async function answerMetaservice(
  ctx: ProviderContext,
  exchange: Exchange,
): Promise<BackendResponse> {
  if (exchange.target.service.serviceCode === FIND_USAGE_SERVICE_CODE) {
    return answerDataTracker(ctx, exchange)
  }
  if (exchange.request.method.toUpperCase() !== 'GET' || exchange.target.path !== '') {
    throw new GatewayError('client.bad_request', { cause: new Error('metaservices are GET only') })
  }
  const subsystem = subsystemOf(exchange.target.serviceId)
  const services = [...ctx.services.values()].filter((s) => subsystemOf(s.config.id) === subsystem)
  switch (exchange.target.service.serviceCode) {
    case 'listMethods':
      return json({ service: services.map((s) => describe(s, endpointsOf(s))) })
    case 'allowedMethods':
      return json({ service: allowed(ctx, exchange.client, services) })
    default:
      return json(openApiOf(subsystem, services, new URLSearchParams(exchange.target.query)))
  }
}

/**
 * The data tracker's `findUsage/v2/…` (docs/design.md §5), for this member's subsystems only. Only a
 * client granted it reaches this (docs/protocol.md §4.2, Who may ask); the answer holds only the
 * data of the person in `X-Road-UserId`.
 */
async function answerDataTracker(
  ctx: ProviderContext,
  exchange: Exchange,
): Promise<BackendResponse> {
  if (memberOf(exchange.target.serviceId) !== memberOf(ctx.nodeId)) {
    throw new GatewayError('server.serverproxy.unknown_service')
  }
  const request = usageRequestOf(exchange)
  const siblings = ctx.siblings
  // A sibling's own part (local scope), or a node with no siblings: this node's log alone.
  if (isLocalScope(exchange) || !siblings) return json(ctx.tracker.answer(request))
  const answer = await gatherUsage(request, {
    answerHere: (r) => ctx.tracker.answer(r),
    askOthers: (path) => siblings.askAll(request.subsystem, path, request.userId),
  })
  return json(answer)
}

/**
 * A node of this member asking for its sibling's own part of a data-tracker answer (see
 * `createSiblingQuery`): the peer certificate is another node of the provider's member, the
 * client is the asked subsystem itself, and the signed local scope is set. Such a request needs
 * no grant: the node asking has already checked its caller's.
 */
export function isSiblingQuery(ctx: ProviderContext, exchange: Exchange): boolean {
  const member = memberOf(ctx.nodeId)
  return (
    exchange.peer !== ctx.nodeId &&
    memberOf(exchange.peer) === member &&
    memberOf(exchange.client) === member &&
    exchange.client === subsystemOf(exchange.target.serviceId) &&
    isLocalScope(exchange)
  )
}

/** Honoured only when signed: a header added on the way cannot cut a citizen's answer short. */
function isLocalScope(exchange: Exchange): boolean {
  return (
    exchange.verified.coveredHeaders.includes(LOCAL_SCOPE_HEADER) &&
    headerValue(exchange.request.headers, LOCAL_SCOPE_HEADER) === 'local'
  )
}

/** What to log for a metaservice call: a findUsage caller's user id only as a keyed hash. */
export function trackMetaservice(
  ctx: ProviderContext,
  exchange: Exchange,
): TrackedRequest | undefined {
  if (exchange.target.service.serviceCode !== FIND_USAGE_SERVICE_CODE) return undefined
  return ctx.tracker.trackLookup(usageRequestOf(exchange))
}

function usageRequestOf(exchange: Exchange): UsageRequest {
  return {
    method: exchange.request.method,
    subsystem: subsystemOf(exchange.target.serviceId),
    path: exchange.target.path,
    query: exchange.target.query,
    userId: headerValue(exchange.request.headers, 'x-road-userid'),
  }
}

function endpointsOf(service: PublishedService): EndpointEntry[] {
  if (service.endpoints.length === 0) return [{ method: '*', path: '**' }]
  return service.endpoints.map((e) => ({ method: e.method, path: e.path }))
}

/** An endpoint is listed when the caller may call every request it stands for. */
function allowed(ctx: ProviderContext, client: string, services: PublishedService[]) {
  return services.flatMap((s) => {
    const endpoints = endpointsOf(s).filter((e) =>
      ctx.isAllowed({
        client,
        service: s.config.id,
        method: e.method,
        segments: segmentsOf(e.path),
      }),
    )
    return endpoints.length === 0 ? [] : [describe(s, endpoints)]
  })
}

function segmentsOf(glob: string): string[] {
  return glob.split('/').filter((s) => s !== '')
}

function describe(service: PublishedService, endpoints: EndpointEntry[]) {
  const [instance, memberClass, memberCode, subsystemCode, serviceCode] =
    service.config.id.split('/')
  return {
    member_class: memberClass,
    member_code: memberCode,
    object_type: 'SERVICE',
    service_code: serviceCode,
    service_type: service.contract ? 'OPENAPI' : 'REST',
    subsystem_code: subsystemCode,
    xroad_instance: instance,
    endpoint_list: endpoints,
  }
}

/**
 * The service's contract as callers see it: paths relative to the service, served from
 * `/r1/{service}` (so the registry's own address is never disclosed).
 */
function openApiOf(
  subsystem: string,
  services: PublishedService[],
  query: URLSearchParams,
): OpenAPIObject {
  const code = query.get('serviceCode') ?? ''
  const service = services.find((s) => s.config.id === `${subsystem}/${code}`)
  if (!service?.contract) throw new GatewayError('server.serverproxy.unknown_service')
  const paths: PathsObject = {}
  for (const e of service.endpoints) {
    const relative = relativePath(e)
    paths[relative] = { ...paths[relative], ...service.contract.paths?.[e.contractPath] }
  }
  return { ...service.contract, servers: [{ url: `/r1/${service.config.id}` }], paths }
}

/** `/persons/{pin}` under base `/persons` → `/{pin}`; the service root is `/`. */
function relativePath(e: ServiceEndpoint): string {
  const segments = e.contractPath.split('/').filter((s) => s !== '')
  const kept = segments.slice(segments.length - e.template.length)
  return '/' + kept.join('/')
}

function json(value: unknown): BackendResponse {
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: new TextEncoder().encode(JSON.stringify(value)),
  }
}
