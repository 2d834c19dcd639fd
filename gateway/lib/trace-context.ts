// W3C Trace Context: which `traceparent`/`tracestate` values a gateway passes on and records.

/** `version-traceid-parentid-flags` in lower-case hex (W3C Trace Context §3.2). */
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/
/** §3.3: at most 32 list members; 512 characters is the size every vendor must propagate. */
const MAX_TRACESTATE = 512
const TRACESTATE = /^[\x20-\x7e]*$/

/**
 * The header's value when it is a well-formed `traceparent`, otherwise undefined. Version `ff`
 * and all-zero ids are invalid (§3.2.2). A malformed value is dropped, never passed on or
 * logged: it is free text an information system chose, and could carry a personal code into
 * both gateways' records.
 *
 * @example validTraceparent('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01') // same
 */
export function validTraceparent(value: string | undefined): string | undefined {
  const m = value === undefined ? null : TRACEPARENT.exec(value)
  if (!m || m[1] === 'ff') return undefined
  if (/^0+$/.test(m[2]!) || /^0+$/.test(m[3]!)) return undefined
  return value
}

/** `tracestate` only beside a valid `traceparent`, printable and within the propagated size. */
export function validTracestate(
  value: string | undefined,
  traceparent: string | undefined,
): string | undefined {
  if (value === undefined || validTraceparent(traceparent) === undefined) return undefined
  return value.length <= MAX_TRACESTATE && TRACESTATE.test(value) ? value : undefined
}
