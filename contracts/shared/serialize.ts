// Turns a contract into the exact text committed under contracts/: stable order, 2-space indent.

import type { OpenAPIObject } from 'openapi3-ts/oas31'

/** OpenAPI's conventional order of top-level fields. */
const TOP_LEVEL_ORDER = [
  'openapi',
  'info',
  'jsonSchemaDialect',
  'servers',
  'tags',
  'paths',
  'webhooks',
  'components',
  'security',
  'externalDocs',
]

/**
 * Serialises a contract. Top-level fields follow OpenAPI's order, `paths` and each `components`
 * map are sorted by name; everything else keeps the builder's (deterministic) insertion order.
 *
 * @example
 * writeFileSync(path, serializeContract(buildPopulationContract()))
 */
export function serializeContract(doc: OpenAPIObject): string {
  const ordered: Record<string, unknown> = {}
  const entries = Object.entries(doc).sort(([a], [b]) => rank(a) - rank(b) || compare(a, b))
  for (const [key, value] of entries) ordered[key] = value
  if (doc.paths !== undefined) ordered['paths'] = sortKeys(doc.paths)
  if (doc.components !== undefined) {
    const components: Record<string, unknown> = {}
    for (const [name, map] of Object.entries(doc.components).sort(byKey)) {
      components[name] = isPlainObject(map) ? sortKeys(map) : map
    }
    ordered['components'] = components
  }
  return `${JSON.stringify(ordered, null, 2)}\n`
}

function rank(key: string): number {
  const index = TOP_LEVEL_ORDER.indexOf(key)
  return index === -1 ? TOP_LEVEL_ORDER.length : index
}

function sortKeys(map: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(map).sort(byKey))
}

function byKey([a]: [string, unknown], [b]: [string, unknown]): number {
  return compare(a, b)
}

/** Code-unit order, independent of the host's locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function isPlainObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
