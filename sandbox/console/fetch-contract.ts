// A service's OpenAPI contract the way a developer gets it: X-Road's getOpenAPI metaservice,
// called through a client's own gateway and answered (signed) by the provider's gateway.
import type { ConsoleContext } from './context.js'
import type { CatalogueService } from './catalogue-entries.js'

export type ContractReading =
  { ok: true; contract: Record<string, unknown>; xRoadId?: string } | { ok: false; error: string }

/**
 * `GET /r1/{provider subsystem}/getOpenAPI?serviceCode={code}` as `clientId`. Any subsystem
 * registered in the directory may call it; the answer's paths are relative to the service.
 *
 * @example const reading = await fetchContract(ctx, service, 'KG/COM/10000001/kyc-app')
 */
export async function fetchContract(
  ctx: ConsoleContext,
  service: CatalogueService,
  clientId: string,
): Promise<ContractReading> {
  try {
    const client = await ctx.client(clientId)
    const code = encodeURIComponent(service.serviceCode)
    const res = await client.call(`${service.subsystemId}/getOpenAPI?serviceCode=${code}`)
    const error = res.headers['x-road-error']
    if (res.status !== 200 || !isObject(res.json)) {
      return {
        ok: false,
        error: `getOpenAPI answered ${res.status}${error ? ` ${error}` : ''}`,
      }
    }
    return { ok: true, contract: res.json, xRoadId: res.headers['x-road-id'] }
  } catch (e) {
    return { ok: false, error: `getOpenAPI could not be called: ${(e as Error).message}` }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export interface EndpointRule {
  method: string
  path: string
}

interface MethodList {
  service?: { service_code?: string; endpoint_list?: EndpointRule[] }[]
}

/**
 * The endpoints of this service that `clientId` may call, from X-Road's `allowedMethods`
 * metaservice; undefined when the provider's gateway could not say.
 */
export async function fetchAllowedEndpoints(
  ctx: ConsoleContext,
  service: CatalogueService,
  clientId: string,
): Promise<EndpointRule[] | undefined> {
  try {
    const client = await ctx.client(clientId)
    const res = await client.call(`${service.subsystemId}/allowedMethods`)
    if (res.status !== 200) return undefined
    const listed = (res.json as MethodList | undefined)?.service ?? []
    return listed.find((s) => s.service_code === service.serviceCode)?.endpoint_list ?? []
  } catch {
    return undefined
  }
}
