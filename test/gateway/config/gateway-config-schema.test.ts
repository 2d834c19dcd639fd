// Every gateway configuration goes through one JSON Schema: unknown keys refused at every level,
// every problem named by its key's path, the loader's resolved paths as before.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  checkGatewayConfig,
  gatewayConfigProblems,
  loadGatewayConfig,
} from '#gateway/config/index.js'
import { KYC_APP, MEMBER, sandboxStyleConfig } from './fixtures.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kopuro-config-schema-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

/** A config as plain JSON, to be edited into wrong shapes a typed config cannot take. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Editable = any

/** The sandbox-style config with `change` applied to a deep copy. */
function variant(change: (c: Editable) => void): unknown {
  const config = structuredClone(sandboxStyleConfig()) as Editable
  change(config)
  return config
}

/** Every JSON pointer of an object (not an array) inside `value`, the root included. */
function objectPointers(value: unknown, at = ''): string[] {
  if (typeof value !== 'object' || value === null) return []
  const here = Array.isArray(value) ? [] : [at]
  return [
    ...here,
    ...Object.entries(value).flatMap(([key, child]) => objectPointers(child, `${at}/${key}`)),
  ]
}

function at(config: Editable, pointer: string): Record<string, unknown> {
  return pointer
    .split('/')
    .slice(1)
    .reduce((node, key) => node[key], config)
}

describe('a valid configuration', () => {
  it('passes with every block the sandbox writes and every optional one', () => {
    expect(gatewayConfigProblems(sandboxStyleConfig())).toEqual([])
  })

  it('passes with only the required keys', () => {
    const { nodeId, listen, tls, signingKeyFile, directory, clients, services, grants, audit } =
      sandboxStyleConfig()
    const minimal = {
      nodeId,
      listen: { consumerPort: listen.consumerPort, federationPort: listen.federationPort },
      tls,
      signingKeyFile,
      directory: { anchorFile: directory.anchorFile },
      clients,
      services,
      grants,
      audit: { dir: audit.dir },
    }
    expect(gatewayConfigProblems(minimal)).toEqual([])
  })

  it('loads with every file path resolved against the file folder, absent ones left absent', async () => {
    const file = join(dir, 'gw1.json')
    const { tokenKeyFile: _t, adminKeyFile: _a, tracker: _k, ...rest } = sandboxStyleConfig()
    await writeFile(file, JSON.stringify({ ...rest, directory: { anchorFile: 'anchor.json' } }))
    const config = await loadGatewayConfig(file)
    expect(config.tls).toEqual({
      certFile: join(dir, 'pki/gw1-chain.pem'),
      keyFile: join(dir, 'pki/gw1-key.pem'),
    })
    expect(config.signingKeyFile).toBe(join(dir, 'pki/signing.private.jwk.json'))
    expect(config.directory).toEqual({ anchorFile: join(dir, 'anchor.json'), cacheFile: undefined })
    expect(config.clients[0]!.publicKeyFile).toBe(join(dir, 'pki/population.public.jwk.json'))
    expect(config.services[0]!.contract).toBe(join(dir, 'contracts/population.json'))
    expect(config.audit.dir).toBe(join(dir, 'audit/gw1'))
    expect(config.audit.logKeyFile).toBe(join(dir, 'keys/gw1-log.private.jwk.json'))
    expect(config.tokenKeyFile).toBeUndefined()
    expect(config.adminKeyFile).toBeUndefined()
    expect(config.tracker).toBeUndefined()
    // Keys that are not paths are kept as written.
    expect(config.listen).toEqual(sandboxStyleConfig().listen)
    expect(config.grants).toEqual(sandboxStyleConfig().grants)
  })

  it('takes a Redis Cluster, a plain Redis URL and the memory store', () => {
    const stores = [
      { kind: 'redis', cluster: { nodes: [{ host: '10.0.0.8', port: 7000 }] }, tls: true },
      { kind: 'redis', url: 'rediss://10.0.0.5:6380/0' },
      { kind: 'redis' },
      { kind: 'memory' },
    ]
    for (const store of stores)
      expect(gatewayConfigProblems(variant((c) => (c.store = store)))).toEqual([])
  })
})

describe('unknown keys', () => {
  const pointers = objectPointers(sandboxStyleConfig())

  it('covers every object of the sample, nested ones included', () => {
    expect(pointers).toEqual(
      expect.arrayContaining([
        '',
        '/listen',
        '/services/0/rateLimit',
        '/grants/0/endpoints/0',
        '/audit/witness',
        '/store/sentinel/sentinels/0',
        '/limits/maxConnections',
      ]),
    )
  })

  it.each(pointers.map((p) => [p || '/', p]))(
    'are refused in %s, naming the key and where it is',
    (_name, pointer) => {
      const config = variant((c) => (at(c, pointer)['prot'] = 1))
      expect(gatewayConfigProblems(config)).toEqual([
        `config: ${pointer || '/'}: unknown key "prot"`,
      ])
    },
  )

  it('follow the store kind: a Redis key in a memory block is unknown', () => {
    const config = variant((c) => (c.store = { kind: 'memory', url: 'redis://10.0.0.5' }))
    expect(gatewayConfigProblems(config)).toEqual(['config: /store: unknown key "url"'])
  })
})

describe('ports', () => {
  it.each([
    ['/listen/consumerPort', 0, 'must be >= 1'],
    ['/listen/federationPort', 65_536, 'must be <= 65535'],
    ['/listen/adminPort', 80.5, 'must be an integer'],
    ['/listen/consumerPort', '8080', 'must be an integer'],
    ['/store/sentinel/sentinels/0/port', 'x', 'must be an integer'],
  ])('refuses %s = %j: %s', (pointer, value, reason) => {
    const key = pointer.split('/').at(-1)!
    const parent = pointer.slice(0, -key.length - 1)
    const config = variant((c) => (at(c, parent)[key] = value))
    expect(gatewayConfigProblems(config)).toEqual([`config: ${pointer} ${reason}`])
  })

  it('takes 1 and 65535', () => {
    const config = variant((c) => (c.listen = { consumerPort: 1, federationPort: 65_535 }))
    expect(gatewayConfigProblems(config)).toEqual([])
  })
})

describe('identifiers follow the X-Road rules', () => {
  it.each([
    [
      '/nodeId',
      (c: Editable) => (c.nodeId = MEMBER),
      'must be a node id INSTANCE/CLASS/MEMBER/NODE',
    ],
    ['/nodeId', (c: Editable) => (c.nodeId = `${MEMBER}/gw 1`), 'must be a node id'],
    [
      '/clients/0/subsystem',
      (c: Editable) => (c.clients[0].subsystem = `${MEMBER}/a/b`),
      'must be a subsystem id INSTANCE/CLASS/MEMBER/SUBSYSTEM',
    ],
    [
      '/services/0/id',
      (c: Editable) => (c.services[0].id = `${MEMBER}/population`),
      'must be a service id INSTANCE/CLASS/MEMBER/SUBSYSTEM/CODE',
    ],
    [
      '/grants/0/subject',
      (c: Editable) => (c.grants[0].subject = 'KG/COM/1000000#/kyc'),
      'must be a',
    ],
  ])('refuses a bad %s', (pointer, change, reason) => {
    const problems = gatewayConfigProblems(variant(change))
    expect(problems).toHaveLength(1)
    expect(problems[0]).toContain(`config: ${pointer} ${reason}`)
  })

  it('takes every character X-Road allows in a part', () => {
    const config = variant((c) => (c.nodeId = `${MEMBER}/gw'(1)+,-.=?`))
    expect(gatewayConfigProblems(config)).toEqual([])
  })
})

describe('every problem at once, each on its own line', () => {
  it('lists a missing key, a wrong type and an unknown key together', () => {
    const config = variant((c) => {
      delete c.tls
      c.directory.pollSeconds = 'often'
      c.audit.dri = 'audit'
    })
    const problems = gatewayConfigProblems(config)
    expect(problems.sort()).toEqual([
      'config: /audit: unknown key "dri"',
      'config: /directory/pollSeconds must be a number',
      'config: /tls is required',
    ])
    expect(() => checkGatewayConfig(config)).toThrow(TypeError)
    expect(() => checkGatewayConfig(config)).toThrow(
      expect.objectContaining({ message: expect.stringMatching(/^config: .*\nconfig: .*\n/) }),
    )
  })

  it('never repeats a value from the file (a Redis URL may carry a password)', () => {
    const config = variant((c) => (c.store = { kind: 'redis', url: 'http://u:s3cret@10.0.0.5' }))
    const problems = gatewayConfigProblems(config)
    expect(problems).toEqual(['config: /store/url must be a redis:// or rediss:// URL'])
    expect(problems.join()).not.toContain('s3cret')
  })
})

describe('the rules that join several keys', () => {
  it.each([
    [
      'a reserved service code',
      (c: Editable) => {
        c.services[0].id = `${MEMBER}/population/listMethods`
        c.grants = []
      },
      'config: /services/0/id uses the reserved service code listMethods',
    ],
    [
      "another member's service",
      (c: Editable) => {
        c.services[0].id = 'KG/GOV/70000002/vehicles/cars'
        c.grants = []
      },
      `config: /services/0/id is not a service of this node's member ${MEMBER}`,
    ],
    [
      'validation without a contract',
      (c: Editable) => delete c.services[0].contract,
      'config: /services/0/contract is required for validation request+response',
    ],
    [
      'a grant of a service the node does not publish',
      (c: Editable) => (c.grants[0].service = `${MEMBER}/population/addresses`),
      `config: /grants/0/service ${MEMBER}/population/addresses: is not a service in /services`,
    ],
    [
      'a malformed grant glob',
      (c: Editable) => (c.grants[0].endpoints = [{ method: 'GET', path: '/*/**/x' }]),
      'config: /grants/0/endpoints/0/path /*/**/x: `**` may only be the last segment',
    ],
    [
      'a grant method outside the set',
      (c: Editable) => (c.grants[0].endpoints[0].method = 'TRACE'),
      'config: /grants/0/endpoints/0/method TRACE: must be one of GET,',
    ],
    [
      'a run-time backend with credentials',
      (c: Editable) => (c.publishBackends = ['http://u:p@127.0.0.1:4001/']),
      'config: /publishBackends/0 must be a URL without credentials or query',
    ],
  ])('refuses %s, naming the key', (_name, change, message) => {
    const problems = gatewayConfigProblems(variant(change))
    expect(problems).toHaveLength(1)
    expect(problems[0]).toContain(message)
  })

  it("takes a grant of the member's own data-tracker service without a services entry", () => {
    const config = variant(
      (c) => (c.grants = [{ subject: KYC_APP, service: `${MEMBER}/population/findUsage` }]),
    )
    expect(gatewayConfigProblems(config)).toEqual([])
  })
})

describe('a file that is not a configuration', () => {
  it('names a file that cannot be read', async () => {
    const file = join(dir, 'missing.json')
    await expect(loadGatewayConfig(file)).rejects.toThrow(TypeError)
    await expect(loadGatewayConfig(file)).rejects.toThrow(`config: cannot read ${file} (ENOENT)`)
  })

  it('names a file that is not JSON, without quoting it', async () => {
    const file = join(dir, 'broken.json')
    await writeFile(file, '{ "store": { "url": "redis://:s3cret@x" ')
    await expect(loadGatewayConfig(file)).rejects.toThrow(`config: ${file} is not valid JSON`)
    await expect(loadGatewayConfig(file)).rejects.not.toThrow('s3cret')
  })
})
