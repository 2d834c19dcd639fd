// A gateway node starts whole or not at all: with one port taken it exits 1, leaving no listener.
import { spawn } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { freePorts } from '../support/ports.js'
import { BANK, startTestFederation, type TestFederation } from '../support/test-federation.js'

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
