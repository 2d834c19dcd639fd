// Find the data subject, operation and purpose of a request from the contract's matched operation.
import { normaliseServicePath } from '../access/index.js'
import { matchEndpoint, type ServiceEndpoint } from '../publication/index.js'
import { parseJsonSafely } from '../validation/index.js'
import { personCodesIn } from './find-person-codes.js'
import { isPin } from './person-code.js'
import { subjectRedactor } from './redact-subject.js'

/** The contract extension naming the parameter (or JSON body property) that holds the PIN. */
export const DATA_SUBJECT_EXTENSION = 'x-kopuro-data-subject'

/** What the tracker notes about one request; the provider copies it into the exchange's record. */
export interface TrackedRequest {
  /** The keyed hash of the person's PIN (never the PIN itself). */
  dataSubject?: string
  /** The contract's operationId. */
  operation?: string
  /** `X-Road-Issue`, else the operation's summary. */
  purpose?: string
  /** Replaces the data subject's PIN with `{pin}` in whatever the record stores. */
  redact?: (text: string) => string
  /** The body property still to look at, once the body is read. */
  bodyProperty?: string
}

export interface RequestToTrack {
  method: string
  /** The path below the service, as received. */
  path: string
  /** The raw query string without `?`. */
  query: string
  /** `X-Road-Issue`, when sent. */
  issue?: string
}

/**
 * Matches the request to a contract operation and notes its data subject when the operation
 * names one (`x-kopuro-data-subject`): a path parameter, else a query parameter, else a top-level
 * property of a JSON body (see `trackBody`). A value counts only if it looks like a PIN.
 *
 * @example trackRequest(endpoints, { method: 'GET', path: '/22905199138381', query: '' }, hash)
 */
export function trackRequest(
  endpoints: ServiceEndpoint[],
  request: RequestToTrack,
  hash: ((pin: string) => string) | undefined,
): TrackedRequest | undefined {
  let segments: string[]
  try {
    segments = normaliseServicePath(request.path).segments
  } catch {
    return undefined // the provider refuses such a path; there is no operation to note
  }
  const endpoint = matchEndpoint(endpoints, request.method.toUpperCase(), segments)
  if (!endpoint) return undefined
  const operation = endpoint.operation
  const tracked: TrackedRequest = {
    operation: operation.operationId,
    purpose: request.issue ?? operation.summary,
  }
  const param: unknown = operation[DATA_SUBJECT_EXTENSION]
  if (typeof param !== 'string') return tracked
  const at = endpoint.params.indexOf(param)
  if (at !== -1) return noteSubject(tracked, segments[at], hash)
  const values = new URLSearchParams(request.query).getAll(param)
  if (values.length === 1) return noteSubject(tracked, values[0], hash)
  if (values.length === 0) tracked.bodyProperty = param
  // Repeated: which value the registry uses is not ours to guess, but none is logged plain.
  else if (values.some(isPin)) tracked.redact = subjectRedactor(...values.filter(isPin))
  return tracked
}

/** Notes a data subject named by a top-level property of a JSON request body. */
export function trackBody(
  tracked: TrackedRequest,
  contentType: string | undefined,
  body: Uint8Array,
  hash: ((pin: string) => string) | undefined,
): void {
  const property = tracked.bodyProperty
  if (property === undefined || body.byteLength === 0 || !isJson(contentType)) return
  let value: unknown
  try {
    value = parseJsonSafely(body)
  } catch {
    return // not JSON after all: validation (when on) refuses it, otherwise the registry does
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return
  const pin: unknown = Object.hasOwn(value, property)
    ? (value as Record<string, unknown>)[property]
    : undefined
  noteSubject(tracked, pin, hash)
}

/** A value that looks like a PIN is the data subject: logged as its keyed hash, never plain. */
function noteSubject(
  tracked: TrackedRequest,
  value: unknown,
  hash: ((pin: string) => string) | undefined,
): TrackedRequest {
  if (!isPin(value)) return tracked
  tracked.dataSubject = hash?.(value)
  tracked.redact = subjectRedactor(value)
  return tracked
}

/**
 * What a record may keep of a request, whatever the contract found (docs/design.md §5): on top of
 * the contract's data subject, every personal code in the path, query and `X-Road-Issue` is
 * replaced by `{pin}` wherever the record holds it. Where an operation matched, a code is a value
 * of the PIN's shape; where none did (an undefined path or method, a refused path, a request
 * refused before any contract was looked at, a metaservice), any run of 11 or more digits. When
 * the contract names no data subject, the only PIN in the path and query, if there is exactly
 * one, is the data subject and recorded as its keyed hash.
 *
 * @example
 * const tracked = trackPersonCodes(undefined, { method: 'HEAD', path: '/22905199138381', query: '' }, hash)
 * tracked.redact!('/22905199138381') // '/{pin}'
 */
export function trackPersonCodes(
  tracked: TrackedRequest | undefined,
  request: RequestToTrack,
  hash: ((pin: string) => string) | undefined,
): TrackedRequest {
  const shape = tracked?.operation === undefined ? 'long' : 'pin'
  const codes = personCodesIn([request.path, request.query, request.issue ?? ''], shape)
  const result: TrackedRequest = { ...tracked }
  if (codes.length > 0) result.redact = chain(tracked?.redact, subjectRedactor(...codes))
  if (result.dataSubject === undefined) {
    const pins = personCodesIn([request.path, request.query], 'pin')
    if (pins.length === 1) result.dataSubject = hash?.(pins[0]!)
  }
  return result
}

/**
 * True when only the contract can tell which person a request is about: its path and query hold
 * two or more different PINs, or it has a JSON body (where the contract may name a property).
 * Otherwise `trackPersonCodes` alone finds what the contract would.
 *
 * @example needsContract({ method: 'POST', path: '', query: '' }, 'application/json', 42) // true
 */
export function needsContract(
  request: RequestToTrack,
  contentType: string | undefined,
  bodyBytes: number,
): boolean {
  if (bodyBytes > 0 && isJson(contentType)) return true
  return personCodesIn([request.path, request.query], 'pin').length > 1
}

function chain(
  first: ((text: string) => string) | undefined,
  second: (text: string) => string,
): (text: string) => string {
  // `{pin}` holds no digit, so the second never undoes or re-reads what the first replaced.
  return first ? (text) => second(first(text)) : second
}

function isJson(contentType: string | undefined): boolean {
  const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase()
  return media === 'application/json' || media.endsWith('+json')
}
