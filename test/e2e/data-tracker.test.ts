// The citizens' data tracker through real gateways: who read my data, when and why (docs/design.md §5).
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAuditRecords, verifyAuditLog } from '#gateway/audit/index.js'
import { startGateway, type RunningGateway } from '#gateway/server.js'
import { rawRequest, xroadError } from '../support/http-raw.js'
import {
  KYC_APP,
  MARKETING_APP,
  OPERATOR,
  PERSONS,
  PORTAL,
  PROVIDER,
  startTestFederation,
  type TestFederation,
} from '../support/test-federation.js'

const CITIZEN = '22905199138381'
const OTHER_CITIZEN = '11203198512345'
const OFFICER = 'KG21505199000001'
const FIND_USAGE = `/r1/${PROVIDER}/population/findUsage/v2`
/** Short enough to wait out in a test; a real deployment counts in hundreds of days. */
const EMBARGO_MS = 3000

let fed: TestFederation
let portal: RunningGateway
let portalToken: string

beforeAll(async () => {
  fed = await startTestFederation({
    // marketing-app stands in for a body with lawful covert access: only the group matters.
    providerGrants: [
      { subject: MARKETING_APP, service: PERSONS, endpoints: [{ method: 'GET', path: '/*' }] },
    ],
    globalGroups: [
      { code: 'covert-access', description: 'Lawful covert access', members: [MARKETING_APP] },
    ],
    tracker: { covertGroup: 'covert-access', embargoDays: EMBARGO_MS / 86_400_000 },
  })
  portal = await startGateway(fed.node(`${OPERATOR}/gw1`).config)
  portalToken = await fed.token(PORTAL)
})
afterAll(async () => {
  await portal?.close()
  await fed?.close()
})

async function readPerson(client: string, pin: string, issue?: string) {
  const res = await rawRequest(fed.bank.consumerUrl, `/r1/${PERSONS}/${pin}`, {
    headers: {
      authorization: `Bearer ${await fed.token(client)}`,
      'x-road-client': client,
      'x-road-userid': OFFICER,
      ...(issue ? { 'x-road-issue': issue } : {}),
    },
  })
  expect(res.status).toBe(200)
  return res
}

/** The portal asks on behalf of the citizen it authenticated (`X-Road-UserId`). */
function askPortal(path: string, userId?: string) {
  return rawRequest(portal.consumerUrl, `${FIND_USAGE}/${path}`, {
    headers: {
      authorization: `Bearer ${portalToken}`,
      'x-road-client': PORTAL,
      ...(userId ? { 'x-road-userid': userId } : {}),
    },
  })
}

async function usagesOf(pin: string) {
  const res = await askPortal(`findUsage?userCode=KG${pin}`, `KG${pin}`)
  expect(res.status).toBe(200)
  return JSON.parse(res.body) as { totalUsages: number; usages: Record<string, string>[] }
}

describe('data tracker', () => {
  it('shows a citizen the bank’s access, its purpose and the bank’s name', async () => {
    await readPerson(KYC_APP, CITIZEN, 'loan-42')
    await readPerson(KYC_APP, CITIZEN)
    const answer = await usagesOf(CITIZEN)
    expect(answer.totalUsages).toBe(2)
    expect(answer.usages).toEqual([
      {
        logtime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        action: 'Get a person by PIN',
        receiverCode: '10000001',
        receiverName: 'Bank',
        receiverSystem: 'kyc-app',
      },
      expect.objectContaining({ action: 'loan-42', receiverName: 'Bank' }),
    ])
  })

  it('shows another person nothing, and lets no one look up someone else', async () => {
    expect(await usagesOf(OTHER_CITIZEN)).toEqual({ totalUsages: 0, usages: [] })
    const other = await askPortal(`findUsage?userCode=KG${OTHER_CITIZEN}`, `KG${CITIZEN}`)
    expect([other.status, xroadError(other).code]).toEqual([
      403,
      'server.serverproxy.access_denied',
    ])
    const anonymous = await askPortal(`findUsage?userCode=KG${CITIZEN}`)
    expect([anonymous.status, xroadError(anonymous).code]).toEqual([400, 'client.bad_request'])
  })

  it('withholds covert access from the citizen until the embargo has passed', async () => {
    const read = await readPerson(MARKETING_APP, CITIZEN, 'case-7')
    const readAt = Date.now()
    const systems = async () => (await usagesOf(CITIZEN)).usages.map((u) => u.receiverSystem)
    expect(await systems()).not.toContain('marketing-app')
    const tracker = fed.provider.gateway.tracker
    const audited = tracker.listUsages(tracker.subjectHash(CITIZEN)!, { includeCovert: true })
    expect(audited.usages[0]).toMatchObject({
      client: MARKETING_APP,
      purpose: 'case-7',
      covert: true,
      xRoadId: read.headers['x-road-id'],
    })
    await new Promise((r) => setTimeout(r, Math.max(0, readAt + EMBARGO_MS + 100 - Date.now())))
    expect(await systems()).toEqual(['marketing-app', 'kyc-app', 'kyc-app'])
  })

  it('answers heartbeat and usagePeriod', async () => {
    const heartbeat = await askPortal('heartbeat')
    expect([heartbeat.status, JSON.parse(heartbeat.body).status]).toEqual([200, 'OK'])
    const period = JSON.parse((await askPortal('usagePeriod')).body) as { periodStart: string }
    expect(Date.parse(period.periodStart)).toBeLessThanOrEqual(Date.now())
  })

  it('keeps the plain PIN out of the provider’s log, which holds a keyed hash', async () => {
    const dir = fed.provider.gateway.config.audit.dir
    expect(await verifyAuditLog(dir)).toMatchObject({ ok: true })
    for (const file of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (!file.isFile()) continue
      const bytes = await readFile(join(file.parentPath, file.name))
      expect(bytes.includes(CITIZEN), file.name).toBe(false)
    }
    const hash = fed.provider.gateway.tracker.subjectHash(CITIZEN)
    const records = []
    for await (const r of readAuditRecords(dir)) records.push(r)
    const read = records.find((r) => r.purpose === 'loan-42')
    expect(read).toMatchObject({
      client: KYC_APP,
      path: '/{pin}',
      dataSubject: hash,
      operation: 'getPerson',
      userId: OFFICER,
    })
    // The signed base is kept for offline verification; whoever knows the PIN can put it back.
    expect(read!.signatures.request?.base).toContain(`/r1/${PERSONS}/{pin}\n`)
    const lookups = records.filter((r) => r.service.endsWith('/findUsage'))
    expect(lookups.length).toBeGreaterThan(0)
    for (const r of lookups) expect([undefined, 'KG{pin}']).toContain(r.userId)
    expect(lookups.some((r) => r.dataSubject === hash && r.operation === 'findUsage')).toBe(true)
  })
})
