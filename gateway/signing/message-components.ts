// The exact component lists kopuro covers in request and response signatures (DESIGN §2).
import { serializeItem, type SfParams } from './structured-fields.js'

/** Returns a header's value (several occurrences joined with ", ") or undefined if absent. */
export type HeaderGetter = (lowercaseName: string) => string | undefined

export interface RequestParts {
  method: string
  targetUri: string
  header: HeaderGetter
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
const X_ROAD_REQUEST_HASH = spec('x-road-request-hash')
// RFC 9421 §2.4: `"signature";req` is the request's Signature field, binding the response to it.
const REQUEST_SIGNATURE = spec('signature', true)
const OPTIONAL_REQUEST_FIELDS = [
  spec('x-road-userid'),
  spec('x-road-issue'),
  spec('x-road-represented-party'),
]

/**
 * `@method @target-uri content-digest [content-type] x-road-client x-road-id` then each present
 * of `x-road-userid x-road-issue x-road-represented-party`: an optional header is covered iff
 * present, so none can be added or removed unnoticed.
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
  for (const optional of OPTIONAL_REQUEST_FIELDS) coverIfPresent(out, optional, header)
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

function field(header: HeaderGetter, component: ComponentSpec): string | undefined {
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
