// `kopuro service add` on a node folder made by `kopuro init`.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadGatewayConfig } from '#gateway/config/index.js'
import { openRegistrationRequest } from '#gateway/directory/registration/index.js'
import { createTestAuthority, kopuro } from '../../support/joining-member.js'

const MEMBER = 'KG/GOV/70000009'
let root: string
let dir: string

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'kopuro-service-'))
  const authority = await createTestAuthority(root, 'https://authority.example.kg/directory')
  dir = join(root, 'gw1')
  const made = await kopuro(
    ['init', '--member', MEMBER, '--node', 'gw1', '--host', '127.0.0.20'].concat([
      '--anchor',
      authority.anchorFile,
      '--dir',
      dir,
    ]),
  )
  expect(made.code).toBe(0)
})
afterAll(() => rm(root, { recursive: true, force: true }))

const gatewayJson = () => readFile(join(dir, 'gateway.json'), 'utf8')

describe('kopuro service add', () => {
  it('adds the service to gateway.json, its subsystem to node.json, and register lists both', async () => {
    const result = await kopuro([
      'service',
      'add',
      '--dir',
      dir,
      'land/parcels',
      '--url',
      'http://127.0.0.20:7000/parcels',
      '--title',
      'Land parcels',
    ])
    expect(result.error).toEqual([])
    expect(result.code).toBe(0)
    const config = await loadGatewayConfig(join(dir, 'gateway.json'))
    expect(config.services).toEqual([
      {
        id: `${MEMBER}/land/parcels`,
        url: 'http://127.0.0.20:7000/parcels',
        title: 'Land parcels',
      },
    ])
    const node = JSON.parse(await readFile(join(dir, 'node.json'), 'utf8')) as {
      subsystems?: { code: string }[]
    }
    expect(node.subsystems).toEqual([{ code: 'land' }])
    const request = await openRegistrationRequest(dir)
    expect(request.payload.services).toEqual([
      { id: `${MEMBER}/land/parcels`, title: 'Land parcels' },
    ])
    expect(request.payload.subsystems.map((s) => s.code)).toEqual(['land'])
  })

  it('copies a contract into the folder and turns request validation on', async () => {
    const contract = join(root, 'parcels.json')
    await writeFile(
      contract,
      JSON.stringify({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {} }),
    )
    const result = await kopuro(
      [
        'service',
        'add',
        '--dir',
        dir,
        'land/owners',
        '--url',
        'http://127.0.0.20:7000/owners',
      ].concat(['--contract', contract]),
    )
    expect(result.code).toBe(0)
    const config = JSON.parse(await gatewayJson()) as { services: Record<string, unknown>[] }
    expect(config.services[1]).toMatchObject({
      contract: 'contracts/KG_GOV_70000009_land_owners.json',
      validation: 'request',
    })
    expect(await readFile(join(dir, 'contracts/KG_GOV_70000009_land_owners.json'), 'utf8')).toBe(
      await readFile(contract, 'utf8'),
    )
  })

  it('refuses, naming the problem and writing nothing: another member, a duplicate, a bad URL, a missing contract', async () => {
    const before = await gatewayJson()
    const cases: [string[], RegExp][] = [
      [
        ['KG/GOV/70000001/population/persons', '--url', 'http://x:1/p'],
        /not of this node's member KG\/GOV\/70000009/,
      ],
      [['land/parcels', '--url', 'http://x:1/p'], /already a service in gateway.json/],
      [['land/maps', '--url', 'ftp://x/p'], /--url must be the http\(s\) URL/],
      [
        ['land/maps', '--url', 'http://x:1/p', '--contract', join(root, 'nope.json')],
        /--contract .*nope\.json cannot be read \(ENOENT\)/,
      ],
      [['nonsense', '--url', 'http://x:1/p'], /<service> must be SUBSYSTEM\/SERVICE/],
    ]
    for (const [args, message] of cases) {
      const result = await kopuro(['service', 'add', '--dir', dir, ...args])
      expect(result.code, args.join(' ')).toBe(2)
      expect(result.error.join('\n')).toMatch(message)
    }
    expect(await gatewayJson()).toBe(before)
  })
})
