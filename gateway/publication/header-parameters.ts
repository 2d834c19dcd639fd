// The header parameters a service's contract declares: the headers its registry expects.
import type { OpenAPIObject, ParameterObject, ReferenceObject } from 'openapi3-ts/oas31'
import type { ServiceEndpoint } from './derive-endpoints.js'

/**
 * The names of every `in: header` parameter of the service's operations (path-level ones too,
 * `$ref`s into the contract followed), as the contract spells them.
 *
 * @example headerParameterNames(contract, deriveEndpoints(contract, '/fines')) // ['Idempotency-Key']
 */
export function headerParameterNames(
  contract: OpenAPIObject,
  endpoints: readonly ServiceEndpoint[],
): string[] {
  const names = new Set<string>()
  for (const endpoint of endpoints) {
    for (const { parameter } of endpoint.parameters) {
      const p = resolve(contract, parameter)
      if (p?.in === 'header' && typeof p.name === 'string') names.add(p.name)
    }
  }
  return [...names]
}

/** A local `$ref` (`#/components/parameters/X`) followed; undefined where it leads nowhere. */
function resolve(
  contract: OpenAPIObject,
  parameter: ParameterObject | ReferenceObject,
): ParameterObject | undefined {
  if (!('$ref' in parameter)) return parameter
  let node: unknown = contract
  for (const token of parameter.$ref.replace(/^#\//, '').split('/')) {
    const key = decodeURIComponent(token).replaceAll('~1', '/').replaceAll('~0', '~')
    node =
      node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined
  }
  return node !== null && typeof node === 'object' ? (node as ParameterObject) : undefined
}
