// The config loader stops a node at start-up on a listener limit Node would refuse or ignore.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkListenerLimits, loadGatewayConfig, type LimitsConfig } from '#gateway/config/index.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kopuro-config-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

/** Writes a minimal node config with `limits` and loads it as `kopuro gateway --config` does. */
async function loadWithLimits(limits: unknown) {
  const file = join(dir, `gw-${Math.random().toString(36).slice(2)}.json`)
  const config = {
    nodeId: 'KG/COM/10000001/gw1',
    listen: { consumerPort: 8080, federationPort: 8443 },
    tls: { certFile: 'cert.pem', keyFile: 'key.pem' },
    signingKeyFile: 'signing.jwk.json',
    directory: { anchorFile: 'anchor.json' },
    clients: [],
    services: [],
    grants: [],
    audit: { dir: 'audit' },
    limits,
  }
  await writeFile(file, JSON.stringify(config))
  return loadGatewayConfig(file)
}

describe('limits.maxConnections', () => {
  it('takes a cap for some listeners and leaves the others to their defaults', async () => {
    const config = await loadWithLimits({ maxConnections: { consumer: 2, admin: 8 } })
    expect(config.limits?.maxConnections).toEqual({ consumer: 2, admin: 8 })
  })

  it.each([
    ['zero', { consumer: 0 }, 'config: /limits/maxConnections/consumer must be >= 1'],
    ['negative', { federation: -1 }, 'config: /limits/maxConnections/federation must be >= 1'],
    ['fractional', { admin: 1.5 }, 'config: /limits/maxConnections/admin must be an integer'],
    ['a string', { consumer: '100' }, 'config: /limits/maxConnections/consumer must be an integer'],
    ['null', { consumer: null }, 'config: /limits/maxConnections/consumer must be an integer'],
    [
      'an unknown listener',
      { metrics: 10 },
      'config: /limits/maxConnections: unknown key "metrics"',
    ],
    ['a number for the whole block', 100, 'config: /limits/maxConnections must be an object'],
  ])('refuses %s, naming the field', async (_name, maxConnections, message) => {
    const loading = loadWithLimits({ maxConnections })
    await expect(loading).rejects.toThrow(TypeError)
    await expect(loading).rejects.toThrow(message)
  })
})

describe('listener timeouts', () => {
  it.each<[string, LimitsConfig, string]>([
    [
      'a zero header timeout',
      { headersTimeoutMs: 0 },
      'config: /limits/headersTimeoutMs must be >=',
    ],
    ['a negative request timeout', { requestTimeoutMs: -5 }, 'config: /limits/requestTimeoutMs'],
    [
      'a header timeout longer than the request timeout',
      { headersTimeoutMs: 30_000, requestTimeoutMs: 20_000 },
      'config: /limits/headersTimeoutMs must not exceed /limits/requestTimeoutMs',
    ],
    [
      'a header timeout longer than the default request timeout (60 s)',
      { headersTimeoutMs: 61_000 },
      'config: /limits/headersTimeoutMs must not exceed /limits/requestTimeoutMs',
    ],
  ])('refuses %s, naming the field', async (_name, limits, message) => {
    await expect(loadWithLimits(limits)).rejects.toThrow(message)
  })
})

describe('checkListenerLimits (a config built in code, as startGateway takes it)', () => {
  it('takes valid limits and no limits at all', () => {
    expect(() => checkListenerLimits({ maxConnections: { consumer: 2 } })).not.toThrow()
    expect(() => checkListenerLimits(undefined)).not.toThrow()
  })

  it('refuses what the file check refuses, with the same message', () => {
    const limits = { maxConnections: { consumer: 0 } }
    expect(() => checkListenerLimits(limits)).toThrow(TypeError)
    expect(() => checkListenerLimits(limits)).toThrow(
      'config: /limits/maxConnections/consumer must be >= 1',
    )
    expect(() => checkListenerLimits({ headersTimeoutMs: 2, requestTimeoutMs: 1 })).toThrow(
      'config: /limits/headersTimeoutMs must not exceed /limits/requestTimeoutMs',
    )
  })
})
