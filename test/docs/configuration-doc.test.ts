// docs/configuration.md's key table lists exactly the keys the configuration schema takes.
import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { gatewayConfigSchema } from '#gateway/config/index.js'

interface SchemaNode {
  type?: string
  properties?: Record<string, SchemaNode>
  items?: SchemaNode
  then?: SchemaNode
  else?: SchemaNode
}

/**
 * Every key the schema takes, as the doc writes it: `listen.consumerPort`, `clients[].subsystem`
 * for the keys of an array's objects; an object's own name is not listed, only its keys. Both
 * branches of a conditional count (the store's `memory` and `redis` blocks).
 */
function keyPaths(schema: SchemaNode, prefix = ''): string[] {
  const properties = {
    ...schema.properties,
    ...schema.then?.properties,
    ...schema.else?.properties,
  }
  return [
    ...new Set(
      Object.entries(properties).flatMap(([key, sub]) => {
        const path = prefix ? `${prefix}.${key}` : key
        const element = sub.type === 'array' && sub.items?.properties ? sub.items : undefined
        if (element) return keyPaths(element, `${path}[]`)
        const nested = keyPaths(sub, path)
        return nested.length > 0 ? nested : [path]
      }),
    ),
  ]
}

/** The backticked keys in the first column of the table under the document's title. */
function documentedKeys(text: string): string[] {
  const section = text.slice(0, text.indexOf('\n## '))
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...line.split('|')[1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!))
}

describe('docs/configuration.md', () => {
  const keys = keyPaths(gatewayConfigSchema as SchemaNode)

  it('the schema walk finds the nested keys (so an empty walk cannot pass)', () => {
    expect(keys).toEqual(
      expect.arrayContaining([
        'nodeId',
        'listen.consumerPort',
        'services[].rateLimit.windowSeconds',
        'grants[].endpoints[].path',
        'store.kind',
        'store.sentinel.sentinels[].port',
        'limits.maxConnections.admin',
        'publishBackends',
      ]),
    )
  })

  it('describes every key of the schema, and no key the schema does not take', async () => {
    const text = await readFile(new URL('../../docs/configuration.md', import.meta.url), 'utf8')
    const documented = documentedKeys(text)
    expect([...documented].sort()).toEqual([...keys].sort())
    expect(new Set(documented).size).toBe(documented.length)
  })
})
