// Which of an information system's headers the consumer gateway signs and sends to the provider.
import { GatewayError } from '../lib/errors.js'
import { forwardableHeaders } from '../lib/http-headers.js'
import { isNeverForwarded } from '../lib/registry-headers.js'
import { validTraceparent, validTracestate } from '../lib/trace-context.js'
import { isExtraHeaderName, MAX_EXTRA_HEADERS } from '../signing/index.js'

/** The X-Road headers an information system may send on (docs/protocol.md §2.3). */
const XROAD_REQUEST_HEADERS: ReadonlySet<string> = new Set([
  'x-road-client',
  'x-road-id',
  'x-road-userid',
  'x-road-issue',
  'x-road-represented-party',
])

export interface ProviderHeaders {
  /** Lower-case names; X-Road-Client, X-Road-Id and Content-Digest are the caller's to set. */
  headers: Record<string, string>
  /** The headers without a fixed place in the request signature, sorted: covered after it. */
  signed: string[]
}

/**
 * Keeps the headers the provider may need and that the request signature can cover; drops
 * routing, rewrite and session headers (which the provider would drop too), undefined X-Road
 * headers and `Accept-Encoding`. Every header kept is signed: the provider forwards only signed
 * ones, so nothing can be added on the way (docs/protocol.md §3.5).
 *
 * @example const { headers, signed } = providerHeaders(incoming.headers)
 */
export function providerHeaders(
  incoming: Record<string, string | string[] | undefined>,
): ProviderHeaders {
  const headers = forwardableHeaders(incoming)
  // W3C Trace Context §3.2: a vendor must not pass on a traceparent it cannot parse.
  const trace = validTraceparent(headers['traceparent'])
  if (trace === undefined) delete headers['traceparent']
  if (validTracestate(headers['tracestate'], trace) === undefined) delete headers['tracestate']
  const signed: string[] = []
  for (const name in headers) {
    if (hasFixedPlace(name)) {
      if (!XROAD_REQUEST_HEADERS.has(name) && name !== 'content-type') delete headers[name]
    } else if (sentOn(name) && isExtraHeaderName(name)) signed.push(name)
    else delete headers[name]
  }
  if (signed.length > MAX_EXTRA_HEADERS) {
    throw new GatewayError('client.bad_request', { cause: new Error('too many headers to sign') })
  }
  return { headers, signed: signed.sort() }
}

function hasFixedPlace(name: string): boolean {
  return name === 'content-type' || name.startsWith('x-road-')
}

function sentOn(name: string): boolean {
  // The gateways read and digest whole bodies: the registry answers uncompressed.
  return !isNeverForwarded(name) && name !== 'accept-encoding' && !name.startsWith('x-kopuro-')
}
