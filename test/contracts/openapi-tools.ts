// Helpers for checking a registry against its OpenAPI 3.1 contract: operations, examples, Ajv.

import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormatsPlugin from 'ajv-formats'
import type {
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  ReferenceObject,
  ResponseObject,
} from 'openapi3-ts/oas31'

/** ajv-formats is CommonJS; under NodeNext its default import is the module object's type. */
const addFormats = addFormatsPlugin as unknown as (ajv: Ajv2020) => Ajv2020

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const

export interface ContractOperation {
  method: (typeof METHODS)[number]
  path: string
  operation: OperationObject
}

/** Every operation of the contract, as `METHOD /path` with its object. */
export function listOperations(doc: OpenAPIObject): ContractOperation[] {
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = (item as Record<string, OperationObject | undefined>)[method]
      return operation === undefined ? [] : [{ method, path, operation }]
    }),
  )
}

/** Follows a local `$ref` (`#/components/...`) to the object it names. */
export function deref<T>(doc: OpenAPIObject, value: T | ReferenceObject): T {
  if (typeof value !== 'object' || value === null || !('$ref' in value)) return value as T
  return evaluatePointer(doc, value.$ref) as T
}

function evaluatePointer(doc: OpenAPIObject, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`only local refs are supported: ${ref}`)
  let node: unknown = doc
  for (const token of ref.slice(2).split('/')) {
    const key = decodeURIComponent(token).replaceAll('~1', '/').replaceAll('~0', '~')
    node = (node as Record<string, unknown>)[key]
    if (node === undefined) throw new Error(`dangling ref: ${ref}`)
  }
  return node
}

export function parametersOf(doc: OpenAPIObject, op: OperationObject): ParameterObject[] {
  return (op.parameters ?? []).map((parameter) => deref<ParameterObject>(doc, parameter))
}

/** The request URL built from every parameter's example value. */
export function exampleUrl(doc: OpenAPIObject, { path, operation }: ContractOperation): string {
  const query = new URLSearchParams()
  let url = path
  for (const parameter of parametersOf(doc, operation)) {
    if (parameter.example === undefined)
      throw new Error(`${path}: ${parameter.name} has no example`)
    const value = String(parameter.example)
    if (parameter.in === 'path') url = url.replace(`{${parameter.name}}`, encodeURIComponent(value))
    if (parameter.in === 'query') query.append(parameter.name, value)
  }
  const search = query.toString()
  return search === '' ? url : `${url}?${search}`
}

/** The contract operation whose path template matches a concrete request path. */
export function matchOperation(doc: OpenAPIObject, method: string, path: string) {
  return listOperations(doc).find((candidate) => {
    const pattern = candidate.path.replace(/\{[^}]+\}/g, '[^/]+')
    return candidate.method === method && new RegExp(`^${pattern}$`).test(path)
  })
}

/** A JSON Schema 2020-12 validator that resolves the contract's own `$ref`s. */
export function createContractValidator(doc: OpenAPIObject, id: string) {
  const ajv = new Ajv2020({ strict: true, allErrors: true })
  addFormats(ajv)
  // The document's non-schema top-level fields are inert here; strict mode must not reject them.
  ajv.addVocabulary(['openapi', 'info', 'servers', 'tags', 'paths', 'components', 'webhooks'])
  ajv.addSchema(doc as object, id)
  const cache = new Map<string, ValidateFunction>()
  return (pointer: string): ValidateFunction => {
    let validate = cache.get(pointer)
    if (validate === undefined) {
      validate = ajv.compile({ $ref: `${id}${pointer}` })
      cache.set(pointer, validate)
    }
    return validate
  }
}

/** JSON pointer (as a URI fragment) to a documented response body's schema. */
export function responseSchemaPointer(
  doc: OpenAPIObject,
  { method, path, operation }: ContractOperation,
  status: string,
  mediaType: string,
): string | undefined {
  const raw = operation.responses?.[status] as ResponseObject | ReferenceObject | undefined
  if (raw === undefined) return undefined
  const base = '$ref' in raw ? raw.$ref : `#/paths/${escape(path)}/${method}/responses/${status}`
  if (deref<ResponseObject>(doc, raw).content?.[mediaType] === undefined) return undefined
  return `${base}/content/${escape(mediaType)}/schema`
}

function escape(token: string): string {
  return encodeURIComponent(token.replaceAll('~', '~0').replaceAll('/', '~1'))
}
