// Enforce a service's OpenAPI contract at the provider gateway: requests before the registry, responses after.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormatsPlugin from 'ajv-formats'
import type {
  OpenAPIObject,
  ParameterObject,
  ReferenceObject,
  RequestBodyObject,
  ResponseObject,
} from 'openapi3-ts/oas31'
import { GatewayError } from '../lib/errors.js'
import type { ServiceEndpoint } from '../publication/index.js'
import { escapePointer } from '../publication/index.js'
import { parseJsonSafely, UnsafeJsonError } from './parse-json-safely.js'

/** Per service (docs/design.md §4): no checks, requests only, or requests and responses. */
export type ValidationMode = 'off' | 'request' | 'request+response'

export interface RequestToValidate {
  endpoint: ServiceEndpoint | undefined
  segments: string[]
  query: string
  contentType: string | undefined
  body: Uint8Array
}

export interface ResponseToValidate {
  status: number
  contentType: string | undefined
  body: Uint8Array
}

export interface ContractValidator {
  readonly mode: ValidationMode
  /** Throws `client.bad_request` naming the JSON pointer of the first violation. */
  validateRequest(request: RequestToValidate): void
  /** Throws `server.serverproxy.service_failed` when the registry broke its own contract. */
  validateResponse(endpoint: ServiceEndpoint, response: ResponseToValidate): void
}

interface CompiledOperation {
  params: ValidateFunction
  locations: Map<string, 'path' | 'query'>
  body?: ValidateFunction
  bodyRequired: boolean
}

const addFormats = addFormatsPlugin as unknown as (ajv: Ajv2020) => Ajv2020
const CONTRACT_ID = 'urn:kopuro:contract'

/**
 * Compiles every operation's validators once, at start-up. Parameters are validated with type
 * coercion (they arrive as strings); bodies and responses without it.
 *
 * @example const validator = createContractValidator(contract, endpoints, 'request')
 */
export function createContractValidator(
  contract: OpenAPIObject,
  endpoints: ServiceEndpoint[],
  mode: ValidationMode,
): ContractValidator {
  const strict = ajvFor(contract, false)
  const coercing = ajvFor(contract, 'array')
  const compiled = new Map<ServiceEndpoint, CompiledOperation>()
  if (mode !== 'off')
    for (const e of endpoints) compiled.set(e, compileOperation(contract, e, strict, coercing))
  const responses = new Map<string, ValidateFunction>()
  return {
    mode,
    validateRequest(request) {
      if (mode === 'off') return
      if (!request.endpoint)
        throw violation('', 'no operation of the contract matches this method and path')
      checkRequest(compiled.get(request.endpoint)!, request)
    },
    validateResponse(endpoint, response) {
      if (mode !== 'request+response') return
      checkResponse(contract, endpoint, response, strict, responses)
    },
  }
}

function ajvFor(contract: OpenAPIObject, coerceTypes: false | 'array'): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: false, coerceTypes, validateFormats: true })
  addFormats(ajv)
  ajv.addSchema(contract as object, CONTRACT_ID)
  return ajv
}

function compileOperation(
  contract: OpenAPIObject,
  endpoint: ServiceEndpoint,
  strict: Ajv2020,
  coercing: Ajv2020,
): CompiledOperation {
  const properties: Record<string, unknown> = {}
  const required: string[] = []
  const locations = new Map<string, 'path' | 'query'>()
  for (const { parameter, pointer } of endpoint.parameters) {
    const p = deref<ParameterObject>(contract, parameter)
    if (p.in !== 'path' && p.in !== 'query') continue
    // Referenced, not inlined: the contract's own `$ref`s resolve against the whole document.
    properties[p.name] = p.schema ? { $ref: `${CONTRACT_ID}${pointer}/schema` } : {}
    locations.set(p.name, p.in)
    if (p.required || p.in === 'path') required.push(p.name)
  }
  const params = coercing.compile({ type: 'object', properties, required })
  const requestBody =
    endpoint.operation.requestBody &&
    deref<RequestBodyObject>(contract, endpoint.operation.requestBody)
  const bodyPointer = requestBody?.content['application/json'] ? bodySchemaRef(endpoint) : undefined
  return {
    params,
    locations,
    body: bodyPointer ? strict.compile({ $ref: bodyPointer }) : undefined,
    bodyRequired: requestBody?.required === true,
  }
}

function bodySchemaRef(endpoint: ServiceEndpoint): string {
  const raw = endpoint.operation.requestBody as RequestBodyObject | ReferenceObject
  const base = '$ref' in raw ? raw.$ref : `${endpoint.pointer}/requestBody`
  return `${CONTRACT_ID}${base}/content/application~1json/schema`
}

function checkRequest(op: CompiledOperation, request: RequestToValidate): void {
  const values = paramValues(request)
  if (!op.params(values)) {
    const error = op.params.errors![0]!
    const name =
      error.instancePath.split('/')[1] ??
      (error.params as { missingProperty?: string }).missingProperty ??
      ''
    throw violation(`/${op.locations.get(name) ?? 'query'}${pointerOf(error)}`, 'parameter')
  }
  if (request.body.byteLength === 0) {
    if (op.bodyRequired) throw violation('/body', 'a body is required')
    return
  }
  if (!op.body) return
  if (!isJson(request.contentType)) throw violation('/body', 'the body must be application/json')
  const body = parseBody(request.body, 'client')
  if (!op.body(body)) throw violation(`/body${pointerOf(op.body.errors![0]!)}`, 'body')
}

function paramValues(request: RequestToValidate): Record<string, unknown> {
  const values: Record<string, unknown> = {}
  for (const [key, value] of new URLSearchParams(request.query)) {
    const existing = values[key]
    values[key] = existing === undefined ? value : ([] as unknown[]).concat(existing, value)
  }
  request.endpoint!.params.forEach((name, i) => {
    if (name !== undefined) values[name] = request.segments[i]
  })
  return values
}

function checkResponse(
  contract: OpenAPIObject,
  endpoint: ServiceEndpoint,
  response: ResponseToValidate,
  strict: Ajv2020,
  cache: Map<string, ValidateFunction>,
): void {
  const responses = endpoint.operation.responses ?? {}
  const status = String(response.status)
  const key = [status, `${status[0]}XX`, 'default'].find((k) => responses[k] !== undefined)
  if (!key) throw broken('status not documented')
  const media = (response.contentType ?? '').split(';')[0]!.trim().toLowerCase()
  const spec = deref<ResponseObject>(contract, responses[key] as ResponseObject | ReferenceObject)
  if (!spec.content || Object.keys(spec.content).length === 0) {
    if (response.body.byteLength > 0) throw broken('undocumented body')
    return
  }
  if (!spec.content[media]) throw broken('undocumented media type')
  if (!spec.content[media].schema || !media.endsWith('json')) return
  const ref = `${CONTRACT_ID}${endpoint.pointer}/responses/${key}/content/${escapePointer(media)}/schema`
  let validate = cache.get(ref)
  if (!validate)
    cache.set(
      ref,
      (validate = strict.compile({ $ref: refThrough(contract, endpoint, key, ref, media) })),
    )
  if (!validate(parseBody(response.body, 'backend')))
    throw broken(`body breaks the contract at ${pointerOf(validate.errors![0]!)}`)
}

/** A `$ref`'d response object must be followed to where its schema really is. */
function refThrough(
  contract: OpenAPIObject,
  endpoint: ServiceEndpoint,
  key: string,
  direct: string,
  media: string,
): string {
  const raw = endpoint.operation.responses?.[key] as ResponseObject | ReferenceObject
  if (!('$ref' in raw)) return direct
  void contract
  return `${CONTRACT_ID}${raw.$ref}/content/${escapePointer(media)}/schema`
}

function parseBody(body: Uint8Array, from: 'client' | 'backend'): unknown {
  try {
    return parseJsonSafely(body)
  } catch (e) {
    if (!(e instanceof UnsafeJsonError)) throw e
    if (from === 'backend') throw broken(e.message)
    throw violation('/body', e.message)
  }
}

function isJson(contentType: string | undefined): boolean {
  const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase()
  return media === 'application/json' || media.endsWith('+json')
}

/** The instance pointer of an Ajv error, with each token reduced to safe characters. */
function pointerOf(error: ErrorObject): string {
  const extra = error.params as { missingProperty?: string; additionalProperty?: string }
  const tokens = error.instancePath.split('/').slice(1)
  const name = extra.missingProperty ?? extra.additionalProperty
  if (name !== undefined) tokens.push(name)
  return tokens.map((t) => '/' + (/^[A-Za-z0-9_.~-]{1,64}$/.test(t) ? t : '*')).join('')
}

function violation(pointer: string, what: string): GatewayError {
  return new GatewayError('client.bad_request', {
    message: `The request does not match the service contract at ${pointer || '/'}`,
    cause: new Error(what),
  })
}

function broken(reason: string): GatewayError {
  return new GatewayError('server.serverproxy.service_failed', {
    message: 'The service response does not match its contract',
    cause: new Error(reason),
  })
}

function deref<T>(contract: OpenAPIObject, value: T | ReferenceObject): T {
  if (value && typeof value === 'object' && '$ref' in value) {
    const path = (value as ReferenceObject).$ref.replace(/^#\//, '').split('/')
    let node: unknown = contract
    for (const token of path)
      node = (node as Record<string, unknown>)[
        decodeURIComponent(token).replaceAll('~1', '/').replaceAll('~0', '~')
      ]
    return node as T
  }
  return value as T
}
