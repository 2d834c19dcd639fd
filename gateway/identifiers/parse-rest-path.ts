// Parse the consumer API's `/r1/{instance}/{class}/{member}/{subsystem}/{serviceCode}[/path]` URL.
import { GatewayError } from '../lib/errors.js'
import { formatServiceId, isValidIdentifierPart, type ServiceId } from './parse-identifier.js'

/** REST protocol §4.4 advises capping URIs; 2000 characters as X-Road recommends. */
export const MAX_URI_LENGTH = 2000

export interface RestTarget {
  service: ServiceId
  /** The formatted service id, `KG/GOV/70000001/population/persons`. */
  serviceId: string
  /** The remaining path exactly as received (still percent-encoded), `''` or starting with `/`. */
  path: string
  /** The raw query string without `?`, `''` when absent. */
  query: string
}

/**
 * Splits a raw request target (path + query, as received) into the service id and the rest.
 * Each identifier segment is percent-decoded on its own (REST protocol §4.3), so an encoded `/`
 * inside a segment can never shift the identifier's parts.
 *
 * @example parseRestPath('/r1/KG/GOV/70000001/population/persons/123?x=1')
 */
export function parseRestPath(rawTarget: string): RestTarget {
  if (rawTarget.length > MAX_URI_LENGTH) throw new GatewayError('client.uri_too_long')
  const q = rawTarget.indexOf('?')
  const rawPath = q === -1 ? rawTarget : rawTarget.slice(0, q)
  const query = q === -1 ? '' : rawTarget.slice(q + 1)
  const segments = rawPath.split('/')
  // ['', 'r1', instance, class, member, subsystem, serviceCode, ...rest]
  if (segments[0] !== '' || segments[1] !== 'r1' || segments.length < 7) {
    throw new GatewayError('client.invalid_service_identifier')
  }
  const parts = segments.slice(2, 7).map(decodeSegment)
  if (!parts.every((p): p is string => p !== undefined && isValidIdentifierPart(p))) {
    throw new GatewayError('client.invalid_service_identifier')
  }
  const [instance, memberClass, memberCode, subsystemCode, serviceCode] = parts as [
    string,
    string,
    string,
    string,
    string,
  ]
  const service = { instance, memberClass, memberCode, subsystemCode, serviceCode }
  const rest = segments.slice(7)
  return {
    service,
    serviceId: formatServiceId(service),
    path: rest.length === 0 ? '' : '/' + rest.join('/'),
    query,
  }
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment)
  } catch {
    return undefined
  }
}
