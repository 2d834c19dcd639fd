// Nothing acknowledged is lost: a gateway killed with SIGKILL under load has, after restart, every
// exchange its clients saw as 2xx in its message log, and the log verifies.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAuditRecords, verifyAuditLog } from '#gateway/audit/index.js'
import type { PreparedNode } from '#sandbox/prepare-federation.js'
import { startGatewayProcess, type GatewayProcess } from '../support/gateway-process.js'
import { rawRequest } from '../support/http-raw.js'
import { freePorts } from '../support/ports.js'
import {
  BANK,
  KYC_APP,
  PERSONS,
  startTestFederation,
  type TestFederation,
} from '../support/test-federation.js'

let fed: TestFederation
let node: PreparedNode
let gateway: GatewayProcess | undefined

beforeAll(async () => {
  fed = await startTestFederation()
  const base = fed.node(`${BANK}/gw1`)
  const [consumerPort, federationPort, adminPort] = await freePorts(3)
  const config = {
    ...base.config,
    listen: {
      ...base.config.listen,
      consumerPort: consumerPort!,
      federationPort: federationPort!,
      adminPort: adminPort!,
    },
    audit: { dir: join(fed.dir, 'audit-crash') },
  }
  const configFile = join(fed.dir, 'crash-gateway.json')
  await writeFile(configFile, JSON.stringify(config))
  node = { ...base, configFile, config }
}, 60_000)
afterAll(async () => {
  await gateway?.kill()
  await fed?.close()
})

describe('crash durability', () => {
  it('keeps every acknowledged exchange across SIGKILL and restart', async () => {
    gateway = await startGatewayProcess(node)
    const token = await fed.token(KYC_APP)
    const acknowledged: string[] = []
    let running = true
    const url = `http://127.0.0.1:${node.config.listen.consumerPort}`
    const loops = Array.from({ length: 16 }, async (_, worker) => {
      for (let i = 0; running; i++) {
        const id = `crash-${worker}-${i}`
        const res = await rawRequest(url, `/r1/${PERSONS}/22905199138381`, {
          headers: { authorization: `Bearer ${token}`, 'x-road-client': KYC_APP, 'x-road-id': id },
        }).catch(() => undefined)
        if (!res) return
        if (res.status === 200) acknowledged.push(id)
      }
    })
    // Kill once enough exchanges are acknowledged and more are in flight, however busy the machine.
    while (acknowledged.length <= 20) await new Promise((r) => setTimeout(r, 20))
    await gateway.kill()
    running = false
    await Promise.all(loops)
    expect(acknowledged.length).toBeGreaterThan(20)

    gateway = await startGatewayProcess(node)
    const logged = new Set<string>()
    for await (const record of readAuditRecords(node.config.audit.dir)) logged.add(record.xRoadId)
    expect(acknowledged.filter((id) => !logged.has(id))).toEqual([])
    const verdict = await verifyAuditLog(node.config.audit.dir)
    expect(verdict.ok).toBe(true)
  })
})
