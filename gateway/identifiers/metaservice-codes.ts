// Service codes X-Road reserves for metaservices (service metadata protocol for REST §4–5).
import { memberOf, parseServiceId } from './parse-identifier.js'

export const METASERVICE_CODES: ReadonlySet<string> = new Set([
  'listMethods',
  'allowedMethods',
  'getOpenAPI',
  // The data tracker's service (docs/design.md §5), answered by the provider gateway itself like these.
  'findUsage',
])

/**
 * Metaservices that are default-deny and granted per subsystem like any service: the data tracker
 * tells about a person, so only a caller granted it may ask (docs/protocol.md §4.2, Who may ask).
 */
const GRANTED_METASERVICE_CODES: ReadonlySet<string> = new Set(['findUsage'])

export function isMetaservice(serviceCode: string): boolean {
  return METASERVICE_CODES.has(serviceCode)
}

export function isGrantedMetaservice(serviceCode: string): boolean {
  return GRANTED_METASERVICE_CODES.has(serviceCode)
}

/** A granted metaservice of one of `memberId`'s subsystems: `KG/GOV/70000001/population/findUsage`. */
export function isGrantableMetaservice(serviceId: string, memberId: string): boolean {
  const id = parseServiceId(serviceId)
  return (
    id !== undefined && isGrantedMetaservice(id.serviceCode) && memberOf(serviceId) === memberId
  )
}
