// A member joins a federation from nothing but the anchor: `kopuro init`, `client add`, `register`,
// the operator's `directory approve`, `register --wait`, and the node runs: an information system
// gets a token and an operator's role token opens the admin listener.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { directoryApproveCommand } from '#gateway/cli/directory-registrations.js'
import { directoryInitCommand } from '#gateway/cli/directory-init.js'
import { directoryServeCommand } from '#gateway/cli/directory-serve.js'
import { registerCommand } from '#gateway/cli/register.js'
import { loadGatewayConfig } from '#gateway/config/index.js'
import { verifyDirectory, type DirectoryAnchor } from '#gateway/directory/index.js'
import { startGateway, type RunningGateway } from '#gateway/server.js'
import { kopuro } from '../support/joining-member.js'
import { freePort, freePorts } from '../support/ports.js'

const MEMBER = 'KG/COM/10000003'
const silent = { log: () => {}, error: () => {} }

let root: string
let fedDir: string
let nodeDir: string
let keyFile: string
let stopAuthority: () => void
let served: Promise<number>
let gateway: RunningGateway | undefined

beforeAll(async () => {
  vi.stubEnv('KOPURO_DIRECTORY_TOKEN', '')
  root = await mkdtemp(join(tmpdir(), 'kopuro-join-'))
  fedDir = join(root, 'federation')
  const port = await freePort()
  const made = await directoryInitCommand(
    fedDir,
    {
      instance: 'KG',
      publicUrl: `http://127.0.0.1:${port}`,
      memberClasses: ['COM=Commercial companies'],
      host: '127.0.0.1',
      port,
    },
    silent,
  )
  expect(made).toBe(0)
  const lines: string[] = []
  const stopped = new Promise<void>((resolve) => (stopAuthority = resolve))
  served = directoryServeCommand(
    { dir: fedDir },
    { log: (s) => lines.push(s), error: () => {} },
    stopped,
  )
  let exited = false
  void served.finally(() => (exited = true))
  while (lines.length === 0 && !exited) await new Promise((resolve) => setImmediate(resolve))
  expect(exited).toBe(false)
}, 240_000)

afterAll(async () => {
  await gateway?.close()
  stopAuthority?.()
  await served
  vi.unstubAllEnvs()
  await rm(root, { recursive: true, force: true })
})

describe('joining a federation with the kopuro commands', () => {
  it('makes the node folder, registers it, and installs what the operator approved', async () => {
    const [consumer, federation, admin] = await freePorts(3)
    nodeDir = join(root, 'gw1')
    keyFile = join(root, 'kyc.private.jwk.json')
    const steps = [
      [
        'init',
        '--member',
        MEMBER,
        '--node',
        'gw1',
        '--host',
        '127.0.0.1',
        '--anchor',
        join(fedDir, 'anchor.json'),
        '--dir',
        nodeDir,
        '--name',
        'Bank Three',
        '--consumer-port',
        String(consumer),
        '--federation-port',
        String(federation),
        '--admin-port',
        String(admin),
      ],
      ['client', 'add', '--dir', nodeDir, 'kyc-app', '--out', keyFile, '--name', 'KYC app'],
      ['client', 'add', '--dir', nodeDir, 'loans', '--provider-only', '--name', 'Loans registry'],
    ]
    for (const step of steps) expect((await kopuro(step)).error).toEqual([])

    expect(await registerCommand({ dir: nodeDir }, silent)).toBe(0)
    const { id } = JSON.parse(await readFile(join(nodeDir, 'registration.json'), 'utf8')) as {
      id: string
    }
    expect(await directoryApproveCommand(id, { dir: fedDir }, silent)).toBe(0)
    expect(await registerCommand({ dir: nodeDir, wait: true, intervalMs: 50 }, silent)).toBe(0)

    // The directory the node now holds lists it with both subsystems, named as client add said.
    const anchor = JSON.parse(
      await readFile(join(nodeDir, 'anchor.json'), 'utf8'),
    ) as DirectoryAnchor
    const directory = await verifyDirectory(
      await readFile(join(nodeDir, 'directory-cache.jws'), 'utf8'),
      anchor,
    )
    const member = directory.members.find((m) => m.id === MEMBER)!
    expect(member.name).toBe('Bank Three')
    expect(member.subsystems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'kyc-app', name: 'KYC app' }),
        expect.objectContaining({ code: 'loans', name: 'Loans registry' }),
      ]),
    )
    expect(member.nodes.map((n) => n.federationUrl)).toEqual([`https://127.0.0.1:${federation}`])
  })

  it('runs the node from its folder: a token for the information system, role tokens for operators', async () => {
    gateway = await startGateway(await loadGatewayConfig(join(nodeDir, 'gateway.json')))
    const endpoint = `${gateway.consumerUrl}/token`
    const token = await kopuro([
      'token',
      '--client',
      `${MEMBER}/kyc-app`,
      '--key',
      keyFile,
      '--endpoint',
      endpoint,
    ])
    expect([token.code, token.error]).toEqual([0, []])
    const revoked = await fetch(`${gateway.consumerUrl}/token/revoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token.log[0]}` },
    })
    expect(revoked.status).toBe(204)

    const observer = await kopuro([
      'role-token',
      '--dir',
      nodeDir,
      '--role',
      'observer',
      '--ttl',
      '5m',
    ])
    const metrics = await fetch(`${gateway.adminUrl}/metrics`, {
      headers: { authorization: `Bearer ${observer.log[0]}` },
    })
    expect(metrics.status).toBe(200)
    await metrics.body?.cancel()
    const records = await fetch(`${gateway.adminUrl}/audit/records`, {
      headers: { authorization: `Bearer ${observer.log[0]}` },
    })
    expect([records.status, records.headers.get('x-road-error')]).toEqual([403, 'client.forbidden'])
    await records.body?.cancel()
  })
})
