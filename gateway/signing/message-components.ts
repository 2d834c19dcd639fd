// The exact component lists kopuro covers in request and response signatures (docs/protocol.md §3.5, §3.7).
import { serializeItem, type SfItem, type SfParams } from './structured-fields.js'

/** Returns a header's value (several occurrences joined with ", ") or undefined if absent. */
export type HeaderGetter = (lowercaseName: string) => string | undefined

export interface RequestParts {
  method: string
  targetUri: string
  header: HeaderGetter
  /**
   * Further header fields the signer covers after the fixed list (lower-case names, see
   * `isExtraHeaderName`): every header the consumer gateway forwards is signed (docs/protocol.md §3.5).
   */
  coveredHeaders?: readonly string[]
}

export interface ResponseParts {
  status: number
  header: HeaderGetter
  /** The request's whole `Signature` field value, as sent (consumer) or received (provider). */
  requestSignature: string
}

/** A component the protocol requires: its name, whether it has `;req`, and its serialised id. */
export interface ComponentSpec {
  readonly name: string
  readonly req: boolean
  readonly id: string
}

/** A required component with its value in this message; undefined if the message lacks it. */
export interface CoveredComponent extends ComponentSpec {
  readonly value: string | undefined
}

const REQ: SfParams = [['req', true]]

function spec(name: string, req = false): ComponentSpec {
  return { name, req, id: serializeItem({ value: name, params: req ? REQ : [] }) }
}

const METHOD = spec('@method')
const TARGET_URI = spec('@target-uri')
const STATUS = spec('@status')
const CONTENT_DIGEST = spec('content-digest')
const CONTENT_TYPE = spec('content-type')
const X_ROAD_CLIENT = spec('x-road-client')
const X_ROAD_ID = spec('x-road-id')
// Unique per exchange, unlike X-Road-Id which a caller may reuse: signed so no one can change it.
const X_ROAD_REQUEST_ID = spec('x-road-request-id')
const X_ROAD_REQUEST_HASH = spec('x-road-request-hash')
// RFC 9421 §2.4: `"signature";req` is the request's Signature field, binding the response to it.
const REQUEST_SIGNATURE = spec('signature', true)
const OPTIONAL_REQUEST_FIELDS = [
  spec('x-road-userid'),
  spec('x-road-issue'),
  spec('x-road-represented-party'),
]
/** Header fields with a fixed place in the request's list: never covered a second time. */
const FIXED_REQUEST_FIELDS: ReadonlySet<string> = new Set([
  CONTENT_DIGEST.name,
  CONTENT_TYPE.name,
  X_ROAD_CLIENT.name,
  X_ROAD_ID.name,
  X_ROAD_REQUEST_ID.name,
  ...OPTIONAL_REQUEST_FIELDS.map((c) => c.name),
  // A request never covers signature fields (RFC 9421 §2.4 is for responses only).
  'signature',
  'signature-input',
])
// RFC 9421 §2.1: a covered field name is the lower-cased field name, an RFC 9110 §5.1 token.
const FIELD_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]{1,64}$/
/** More further headers than any sane request carries; bounds the verifier's work. */
export const MAX_EXTRA_HEADERS = 32

/**
 * `@method @target-uri content-digest [content-type] x-road-client x-road-id x-road-request-id`
 * then each present of `x-road-userid x-road-issue x-road-represented-party`: an optional header
 * is covered iff present, so none can be added or removed unnoticed (docs/protocol.md §3.5).
 */
export function coverRequest(req: RequestParts): CoveredComponent[] {
  const { header } = req
  // Methods are case-sensitive (RFC 9421 §2.2.1); HTTP stacks send standard ones in uppercase.
  const out = [
    covered(METHOD, req.method.toUpperCase()),
    covered(TARGET_URI, req.targetUri),
    covered(CONTENT_DIGEST, field(header, CONTENT_DIGEST)),
  ]
  coverIfPresent(out, CONTENT_TYPE, header)
  out.push(covered(X_ROAD_CLIENT, field(header, X_ROAD_CLIENT)))
  out.push(covered(X_ROAD_ID, field(header, X_ROAD_ID)))
  out.push(covered(X_ROAD_REQUEST_ID, field(header, X_ROAD_REQUEST_ID)))
  for (const optional of OPTIONAL_REQUEST_FIELDS) coverIfPresent(out, optional, header)
  const extras = req.coveredHeaders ?? []
  if (extras.length > MAX_EXTRA_HEADERS) throw new TypeError('too many headers to cover')
  for (const name of extras) {
    if (!isExtraHeaderName(name)) throw new TypeError('not a header a request may cover again')
    out.push(covered(spec(name), field(header, { name })))
  }
  return out
}

/** Whether a request may cover `name` after its fixed list: a plain field not listed already. */
export function isExtraHeaderName(name: string): boolean {
  return FIELD_NAME.test(name) && !FIXED_REQUEST_FIELDS.has(name)
}

/**
 * The further header components a received request lists after its fixed ones: plain field
 * names (no parameters, no derived components), each once; undefined if any item is not one.
 */
export function coverExtraHeaders(
  items: readonly SfItem[],
  header: HeaderGetter,
): CoveredComponent[] | undefined {
  if (items.length > MAX_EXTRA_HEADERS) return undefined
  const out: CoveredComponent[] = []
  for (const { value, params } of items) {
    if (typeof value !== 'string' || params.length !== 0 || !isExtraHeaderName(value)) {
      return undefined
    }
    out.push(covered(spec(value), field(header, { name: value })))
  }
  return out
}

/** `@status content-digest [content-type] x-road-id x-road-request-hash "signature";req`. */
export function coverResponse(res: ResponseParts): CoveredComponent[] {
  const { header } = res
  // RFC 9421 §2.2.9: the status is its three-digit decimal code.
  const status = Number.isInteger(res.status) && res.status >= 100 && res.status <= 999
  const out = [
    covered(STATUS, status ? String(res.status) : undefined),
    covered(CONTENT_DIGEST, field(header, CONTENT_DIGEST)),
  ]
  coverIfPresent(out, CONTENT_TYPE, header)
  out.push(covered(X_ROAD_ID, field(header, X_ROAD_ID)))
  out.push(covered(X_ROAD_REQUEST_HASH, field(header, X_ROAD_REQUEST_HASH)))
  out.push(covered(REQUEST_SIGNATURE, trimOws(res.requestSignature)))
  return out
}

/** The first component this message lacks, if any. */
export function missingComponent(components: readonly CoveredComponent[]): string | undefined {
  for (const component of components) if (component.value === undefined) return component.name
  return undefined
}

function covered(component: ComponentSpec, value: string | undefined): CoveredComponent {
  return { name: component.name, req: component.req, id: component.id, value }
}

function coverIfPresent(out: CoveredComponent[], component: ComponentSpec, header: HeaderGetter) {
  const value = field(header, component)
  if (value !== undefined) out.push(covered(component, value))
}

function field(header: HeaderGetter, component: { name: string }): string | undefined {
  const value = header(component.name)
  return value === undefined ? undefined : trimOws(value)
}

/** RFC 9421 §2.1: strip leading and trailing whitespace (OWS: SP and HTAB only). */
export function trimOws(value: string): string {
  let start = 0
  let end = value.length
  while (start < end && isOws(value.charCodeAt(start))) start++
  while (end > start && isOws(value.charCodeAt(end - 1))) end--
  return start === 0 && end === value.length ? value : value.slice(start, end)
}

function isOws(code: number): boolean {
  return code === 0x20 || code === 0x09
}
