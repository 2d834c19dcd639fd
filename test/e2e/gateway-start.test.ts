// A gateway node starts whole or not at all: with one port taken it exits 1, leaving no listener;
// with a bad grant in its config it does not start, and says which grant and why.
import { spawn } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Grant } from '#gateway/access/index.js'
import type { GatewayConfig } from '#gateway/config/index.js'
import { freePorts } from '../support/ports.js'
import {
  BANK,
  KYC_APP,
  PERSONS,
  PROVIDER,
  startTestFederation,
  type TestFederation,
} from '../support/test-federation.js'

const CLI = fileURLToPath(new URL('../../gateway/cli/main.ts', import.meta.url))

let fed: TestFederation
beforeAll(async () => {
  fed = await startTestFederation()
})
afterAll(() => fed?.close())

it('exits 1 and closes its other listeners when the federation port is taken', async () => {
  const running = fed.node(`${BANK}/gw1`).config
  const [consumerPort, adminPort] = await freePorts(2)
  const config = {
    ...running,
    // The running bank node holds this port: the copy must not come half up.
    listen: { ...running.listen, consumerPort, adminPort },
  }
  const file = join(fed.dir, 'half-up.json')
  await writeFile(file, JSON.stringify(config))
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'gateway', '--config', file], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, KOPURO_LOG_LEVEL: 'silent' },
  })
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  expect(code).toBe(1)
  expect(stderr).toMatch(/could not start .*EADDRINUSE/)
  await expect(fetch(`http://127.0.0.1:${adminPort}/ready`)).rejects.toThrow()
}, 60_000)

/** Runs `kopuro gateway` on a variant of the provider's config with one more grant. */
async function startWithGrant(
  grant: Grant,
  name: string,
): Promise<{ code: number | null; stderr: string }> {
  const running = fed.node(`${PROVIDER}/gw1`).config
  const ports = await freePorts(3)
  const config: GatewayConfig = {
    ...running,
    listen: {
      ...running.listen,
      consumerPort: ports[0]!,
      federationPort: ports[1]!,
      adminPort: ports[2]!,
    },
    audit: { ...running.audit, dir: join(fed.dir, `${name}-log`) },
    grants: [...running.grants, grant],
  }
  const file = join(fed.dir, `${name}.json`)
  await writeFile(file, JSON.stringify(config))
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'gateway', '--config', file], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, KOPURO_LOG_LEVEL: 'silent' },
  })
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  return { code, stderr }
}

describe('grants in the config file', () => {
  it('refuses to start (exit 2) on a malformed glob, naming the grant and the rule', async () => {
    const index = fed.node(`${PROVIDER}/gw1`).config.grants.length
    const grant = {
      subject: KYC_APP,
      service: PERSONS,
      endpoints: [{ method: 'GET', path: '/*/**/address' }],
    }
    const { code, stderr } = await startWithGrant(grant, 'glob-grant')
    expect(code).toBe(2)
    expect(stderr).toContain(`bad configuration`)
    expect(stderr).toContain(
      `config: /grants/${index}/endpoints/0/path /*/**/address: \`**\` may only be the last segment`,
    )
  }, 60_000)

  it('refuses to start (exit 2) on a method outside the HTTP method set', async () => {
    const grant = {
      subject: KYC_APP,
      service: PERSONS,
      endpoints: [{ method: 'TRACE', path: '/*' }],
    }
    const { code, stderr } = await startWithGrant(grant, 'method-grant')
    expect(code).toBe(2)
    expect(stderr).toMatch(/config: \/grants\/\d+\/endpoints\/0\/method TRACE: must be one of GET,/)
  }, 60_000)

  it('refuses to start (exit 1) on a subject the directory does not know', async () => {
    const grant = { subject: `${BANK}/ghost-app`, service: PERSONS }
    const { code, stderr } = await startWithGrant(grant, 'ghost-grant')
    expect(code).toBe(1)
    expect(stderr).toMatch(
      /could not start .*config: \/grants\/\d+\/subject KG\/COM\/10000001\/ghost-app: is not a subsystem in the federation directory/,
    )
  }, 60_000)

  it('refuses to start (exit 1) on a path below no path of the contract', async () => {
    const grant = {
      subject: KYC_APP,
      service: PERSONS,
      endpoints: [{ method: 'GET', path: '/*/secrets/**' }],
    }
    const { code, stderr } = await startWithGrant(grant, 'path-grant')
    expect(code).toBe(1)
    expect(stderr).toMatch(
      /could not start .*config: \/grants\/\d+\/endpoints\/0\/path \/\*\/secrets\/\*\*: is not below any path of the service contract/,
    )
  }, 60_000)
})
