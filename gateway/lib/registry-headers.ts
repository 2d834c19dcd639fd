// Which request headers may reach a registry, and which never may (docs/protocol.md §2.3, §3.10).
import { isForwardable } from './http-headers.js'

/**
 * Headers a backend or a proxy in front of it may read as another method, path, client address
 * or session than the ones the provider gateway checked access for. They are never forwarded,
 * whoever signed them and whatever a contract declares.
 */
const NEVER_FORWARDED: ReadonlySet<string> = new Set([
  'x-http-method-override',
  'x-http-method',
  'x-method-override',
  'x-original-method',
  'x-original-url',
  'x-original-uri',
  'x-rewrite-url',
  'forwarded',
  'x-real-ip',
  'x-client-ip',
  'true-client-ip',
  'cookie',
  'cookie2',
])

/** `X-Forwarded-For`, `-Host`, `-Proto`, `-Prefix`, `-Uri` …: the whole family. */
const NEVER_FORWARDED_PREFIX = 'x-forwarded-'

/** What every registry may receive: content metadata, tracing, and the X-Road context. */
const REGISTRY_HEADERS = [
  'content-type',
  'content-language',
  'content-encoding',
  'accept',
  'accept-language',
  'idempotency-key',
  'traceparent',
  'tracestate',
  'x-road-client',
  'x-road-id',
  'x-road-userid',
  'x-road-issue',
  'x-road-represented-party',
]

/** Whether a header is one of the routing, rewrite or session headers no hop passes on. */
export function isNeverForwarded(name: string): boolean {
  return NEVER_FORWARDED.has(name) || name.startsWith(NEVER_FORWARDED_PREFIX)
}

/**
 * The header names a service's registry may receive: the fixed list plus the `in: header`
 * parameters its contract declares (lower-cased), minus anything `isNeverForwarded` or owned by
 * the gateways. Built once per service, so the request path only does set lookups.
 *
 * @example registryHeaderNames(['Idempotency-Key']).has('idempotency-key') // true
 */
export function registryHeaderNames(declared: Iterable<string>): ReadonlySet<string> {
  const names = new Set(REGISTRY_HEADERS)
  for (const name of declared) {
    const lower = name.toLowerCase()
    if (isForwardable(lower) && !isNeverForwarded(lower)) names.add(lower)
  }
  return names
}
