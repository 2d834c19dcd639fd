// Derive a service's endpoints from its OpenAPI contract (X-Road: `{param}` → `*`, method + path).
import type {
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  PathItemObject,
  ReferenceObject,
} from 'openapi3-ts/oas31'

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const

export interface ServiceEndpoint {
  /** Upper-case method. */
  method: string
  /** The path glob below the service, as X-Road lists it: `/*`, `/*\/family`, `/` for the root. */
  path: string
  /** Segments of the path below the service; `undefined` where the contract has a parameter. */
  template: (string | undefined)[]
  /** Parameter names by segment index, for validation. */
  params: (string | undefined)[]
  /** The contract path and method, and a JSON pointer to the operation in the contract. */
  contractPath: string
  pointer: string
  operation: OperationObject
  /** The path item's parameters followed by the operation's own, with where each lives. */
  parameters: EndpointParameter[]
}

export interface EndpointParameter {
  parameter: ParameterObject | ReferenceObject
  /** JSON pointer (URI fragment) to the parameter object in the contract. */
  pointer: string
}

/**
 * Lists the contract's operations that lie under the service's base path. A registry may publish
 * several services from one contract: the service URL `http://registry/fines` selects the
 * operations under `/fines`, and their endpoints are relative to it.
 *
 * @example deriveEndpoints(contract, '/persons') // GET /*, GET /*\/family, GET /
 */
export function deriveEndpoints(contract: OpenAPIObject, basePath: string): ServiceEndpoint[] {
  const serverPath = serverPathOf(contract)
  const base = basePath.replace(/\/+$/, '')
  const endpoints: ServiceEndpoint[] = []
  for (const [contractPath, item] of Object.entries(contract.paths ?? {})) {
    const full = serverPath + contractPath
    if (full !== base && !full.startsWith(base + '/')) continue
    const segments = full
      .slice(base.length)
      .split('/')
      .filter((s) => s !== '')
    for (const method of METHODS) {
      const operation = (item as PathItemObject)[method]
      if (!operation) continue
      endpoints.push({
        method: method.toUpperCase(),
        path: '/' + segments.map((s) => (isParam(s) ? '*' : s)).join('/'),
        template: segments.map((s) => (isParam(s) ? undefined : s)),
        params: segments.map((s) => (isParam(s) ? s.slice(1, -1) : undefined)),
        contractPath,
        pointer: `#/paths/${escapePointer(contractPath)}/${method}`,
        operation,
        parameters: [
          ...located((item as PathItemObject).parameters, `#/paths/${escapePointer(contractPath)}`),
          ...located(operation.parameters, `#/paths/${escapePointer(contractPath)}/${method}`),
        ],
      })
    }
  }
  return endpoints
}

/**
 * The endpoint a request hits: same method and segment count, literals equal; a literal segment
 * wins over a parameter (`/fines/search` before `/fines/{id}`).
 */
export function matchEndpoint(
  endpoints: ServiceEndpoint[],
  method: string,
  segments: string[],
): ServiceEndpoint | undefined {
  let best: ServiceEndpoint | undefined
  let bestParams = Infinity
  for (const e of endpoints) {
    if (e.method !== method || e.template.length !== segments.length) continue
    if (!e.template.every((t, i) => t === undefined || t === segments[i])) continue
    const params = e.template.filter((t) => t === undefined).length
    if (params < bestParams) [best, bestParams] = [e, params]
  }
  return best
}

function located(
  parameters: (ParameterObject | ReferenceObject)[] | undefined,
  base: string,
): EndpointParameter[] {
  return (parameters ?? []).map((parameter, i) => ({
    parameter,
    pointer: '$ref' in parameter ? parameter.$ref : `${base}/parameters/${i}`,
  }))
}

function isParam(segment: string): boolean {
  return segment.startsWith('{') && segment.endsWith('}')
}

function serverPathOf(contract: OpenAPIObject): string {
  const url = contract.servers?.[0]?.url
  if (!url) return ''
  try {
    return new URL(url, 'http://placeholder').pathname.replace(/\/+$/, '')
  } catch {
    return ''
  }
}

/** RFC 6901 escaping for a JSON pointer used as a URI fragment. */
export function escapePointer(token: string): string {
  return encodeURIComponent(token.replaceAll('~', '~0').replaceAll('/', '~1'))
}
