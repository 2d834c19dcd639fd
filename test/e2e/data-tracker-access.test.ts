// Who may ask the data tracker: default deny, granted per subsystem, budgeted and logged like any
// service (docs/protocol.md §4.2, Who may ask).
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueRoleToken } from '#gateway/admin/index.js'
import { readAuditRecords, type AuditRecord } from '#gateway/audit/index.js'
import { startGateway, type RunningGateway } from '#gateway/server.js'
import { adminKeyFile } from '#sandbox/prepare-federation.js'
import { createPeer } from '../support/federation-client.js'
import { rawRequest, xroadError } from '../support/http-raw.js'
import {
  BANK,
  KYC_APP,
  MARKETING_APP,
  OPERATOR,
  PERSONS,
  PORTAL,
  PROVIDER,
  startTestFederation,
  TRACKER,
  type TestFederation,
} from '../support/test-federation.js'

const CITIZEN = '22905199138381'
const OPERATIONS = [`findUsage?userCode=KG${CITIZEN}`, 'usagePeriod', 'heartbeat']
/** The provider's default budget: the data tracker has no service config of its own. */
const BUDGET = 8

let fed: TestFederation
let portal: RunningGateway

beforeAll(async () => {
  fed = await startTestFederation({
    providerLimits: { rateLimit: { requests: BUDGET, windowSeconds: 3600 } },
  })
  portal = await startGateway(fed.node(`${OPERATOR}/gw1`).config)
})
afterAll(async () => {
  await portal?.close()
  await fed?.close()
})

/** Asks the population subsystem's data tracker as `client`, through that client's own gateway. */
async function ask(client: string, operation: string) {
  const gateway = client === PORTAL ? portal.consumerUrl : fed.bank.consumerUrl
  return rawRequest(gateway, `/r1/${TRACKER}/v2/${operation}`, {
    headers: {
      authorization: `Bearer ${await fed.token(client)}`,
      'x-road-client': client,
      'x-road-userid': `KG${CITIZEN}`,
    },
  })
}

async function admin(path: string, body: unknown) {
  const key = JSON.parse(await readFile(adminKeyFile(fed.dir, PROVIDER), 'utf8'))
  const token = await issueRoleToken(
    key,
    { memberId: PROVIDER, now: Date.now },
    { subject: 'admin-1', role: 'admin' },
  )
  return rawRequest(fed.provider.adminUrl, path, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
}

async function providerRecords(): Promise<AuditRecord[]> {
  const records: AuditRecord[] = []
  for await (const r of readAuditRecords(fed.provider.gateway.config.audit.dir)) records.push(r)
  return records
}

describe('who may ask the data tracker', () => {
  it('refuses a bank subsystem without a grant each operation, and logs each refusal', async () => {
    const read = await rawRequest(fed.bank.consumerUrl, `/r1/${PERSONS}/${CITIZEN}`, {
      headers: { authorization: `Bearer ${await fed.token(KYC_APP)}`, 'x-road-client': KYC_APP },
    })
    expect(read.status).toBe(200)
    for (const operation of OPERATIONS) {
      const res = await ask(KYC_APP, operation)
      expect([res.status, xroadError(res).code], operation).toEqual([
        403,
        'server.serverproxy.access_denied',
      ])
      expect(res.body).not.toContain('totalUsages')
    }
    const refusals = (await providerRecords()).filter(
      (r) => r.client === KYC_APP && r.service === TRACKER,
    )
    expect(refusals.map((r) => [r.path, r.status, r.error])).toEqual(
      ['/v2/findUsage', '/v2/usagePeriod', '/v2/heartbeat'].map((path) => [
        path,
        403,
        'server.serverproxy.access_denied',
      ]),
    )
  })

  it('answers the granted portal, and counts its requests against a budget', async () => {
    const found = await ask(PORTAL, OPERATIONS[0]!)
    expect(found.status).toBe(200)
    expect(JSON.parse(found.body)).toMatchObject({ totalUsages: 1 })
    expect(found.headers['ratelimit-policy']).toBe(`"default";q=${BUDGET};w=3600`)
    for (let i = 1; i < BUDGET; i++) expect((await ask(PORTAL, 'heartbeat')).status).toBe(200)
    const over = await ask(PORTAL, 'heartbeat')
    expect([over.status, xroadError(over).code]).toEqual([429, 'server.serverproxy.rate_limited'])
    expect(over.headers['retry-after']).toMatch(/^\d+$/)
    const last = (await providerRecords()).at(-1)
    expect(last).toMatchObject({ client: PORTAL, service: TRACKER, status: 429 })
  })

  it('takes a grant from the admin API, narrowed to an operation like any endpoint', async () => {
    const grant = {
      subject: MARKETING_APP,
      service: TRACKER,
      endpoints: [{ method: 'GET', path: '/v2/heartbeat' }],
    }
    expect((await admin('/admin/grants', grant)).status).toBe(201)
    expect((await ask(MARKETING_APP, 'heartbeat')).status).toBe(200)
    const find = await ask(MARKETING_APP, OPERATIONS[0]!)
    expect([find.status, xroadError(find).code]).toEqual([403, 'server.serverproxy.access_denied'])
    // Another member's data tracker is not this gateway's to grant.
    const foreign = await admin('/admin/grants', {
      subject: MARKETING_APP,
      service: `${BANK}/kyc-app/findUsage`,
    })
    expect([foreign.status, xroadError(foreign).code]).toEqual([400, 'client.invalid_grant'])
  })

  it('exempts only a sibling node of the same member, not a peer that claims the local scope', async () => {
    const path = `/r1/${TRACKER}/v2/heartbeat`
    const local = {
      headers: { 'x-kopuro-usage-scope': 'local' },
      coveredHeaders: ['x-kopuro-usage-scope'],
    }
    const sibling = await createPeer(fed, `${PROVIDER}/gw2`)
    const bank = await createPeer(fed, `${BANK}/gw1`)
    try {
      const own = await sibling.send({ path, client: `${PROVIDER}/population`, ...local })
      expect(own.status).toBe(200)
      const posing = await bank.send({ path, client: KYC_APP, ...local })
      expect([posing.status, posing.headers['x-road-error']]).toEqual([
        403,
        'server.serverproxy.access_denied',
      ])
    } finally {
      await sibling.close()
      await bank.close()
    }
  })
})
