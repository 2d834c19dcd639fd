// Header filtering rules shared by both gateway sides (X-Road REST protocol §4.2, RFC 9110 §7.6.1).

/** Hop-by-hop and per-connection headers that never cross a gateway. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  'expect',
])

/** Headers the gateway sets itself or that carry the previous hop's credentials. */
const GATEWAY_OWNED = new Set([
  'authorization',
  'user-agent',
  'server',
  'signature',
  'signature-input',
  'content-digest',
  'x-road-request-id',
  'x-road-request-hash',
  'x-road-service',
  'x-road-error',
])

/** Whether a header may pass from one hop to the next (names are lower case). */
export function isForwardable(name: string): boolean {
  return !HOP_BY_HOP.has(name) && !GATEWAY_OWNED.has(name)
}

/**
 * Copies the forwardable headers of a node-style header record into a plain record, also dropping
 * any header named in `Connection` (RFC 9110 §7.6.1).
 */
export function forwardableHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {}
  const connection = headers['connection']
  const named = typeof connection === 'string' ? connectionTokens(connection) : undefined
  for (const name in headers) {
    const value = headers[name]
    if (value === undefined || !isForwardable(name) || named?.has(name)) continue
    out[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return out
}

function connectionTokens(value: string): Set<string> {
  return new Set(value.split(',').map((t) => t.trim().toLowerCase()))
}

/** Copies a node-style header record without its hop-by-hop headers: what a gateway returns. */
export function withoutHopByHop(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name in headers) {
    const value = headers[name]
    if (value === undefined || HOP_BY_HOP.has(name)) continue
    out[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return out
}

/** Reads one header from a node-style record as a single trimmed string. */
export function headerValue(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const value = headers[name]
  if (value === undefined) return undefined
  return (Array.isArray(value) ? value.join(', ') : value).trim()
}
