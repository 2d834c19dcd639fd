// No plain personal code in either gateway's message log, contract operation or not (docs/design.md §5).
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueRoleToken } from '#gateway/admin/index.js'
import { readAuditRecords, verifyAuditLog, type AuditRecord } from '#gateway/audit/index.js'
import { auditExportCommand } from '#gateway/cli/audit-export.js'
import { startGateway, type RunningGateway } from '#gateway/server.js'
import { adminKeyFile } from '#sandbox/prepare-federation.js'
import { createPeer } from '../support/federation-client.js'
import { rawRequest, xroadError, type RawResponse } from '../support/http-raw.js'
import {
  BANK,
  KYC_APP,
  MARKETING_APP,
  OPERATOR,
  PERSONS,
  PORTAL,
  PROVIDER,
  startTestFederation,
  type TestFederation,
} from '../support/test-federation.js'

const PIN = '22905199138381'
const SPOUSE = '11203198512345'
/** A PIN's last 13 digits: found in the plain PIN and in one whose first digit is `%32`. */
const TAIL = PIN.slice(1)
const FIND_USAGE = `/r1/${PROVIDER}/population/findUsage/v2/findUsage`

let fed: TestFederation
let portal: RunningGateway
const sent: Record<string, RawResponse> = {}

beforeAll(async () => {
  fed = await startTestFederation({
    // Let undefined paths and HEAD reach the registry, so they are served, not refused.
    providerGrants: [
      {
        subject: KYC_APP,
        service: PERSONS,
        endpoints: [
          { method: 'GET', path: '/**' },
          { method: 'HEAD', path: '/*' },
        ],
      },
    ],
  })
  portal = await startGateway(fed.node(`${OPERATOR}/gw1`).config)
  const call = async (name: string, client: string, path: string, init: RequestInit = {}) => {
    sent[name] = await rawRequest(fed.bank.consumerUrl, path, {
      method: init.method,
      headers: {
        authorization: `Bearer ${await fed.token(client)}`,
        'x-road-client': client,
        ...(init.headers as Record<string, string>),
      },
    })
  }
  await call('family', KYC_APP, `/r1/${PERSONS}/${PIN}/FAMILY?ref=%32${TAIL}`, {
    headers: { 'x-road-userid': `KG${PIN}`, 'x-road-issue': `case of ${PIN}` },
  })
  await call('head', KYC_APP, `/r1/${PERSONS}/${PIN}`, { method: 'HEAD' })
  await call('refused', MARKETING_APP, `/r1/${PERSONS}/${PIN}`)
  await call('two', KYC_APP, `/r1/${PERSONS}/${PIN}?spouse=${SPOUSE}`)
  sent['lookup'] = await rawRequest(portal.consumerUrl, `${FIND_USAGE}?userCode=KG${PIN}`, {
    headers: {
      authorization: `Bearer ${await fed.token(PORTAL)}`,
      'x-road-client': PORTAL,
      'x-road-userid': `KG${PIN}`,
    },
  })
})
afterAll(async () => {
  await portal?.close()
  await fed?.close()
})

async function recordsOf(gateway: RunningGateway): Promise<AuditRecord[]> {
  const records: AuditRecord[] = []
  for await (const r of readAuditRecords(gateway.gateway.config.audit.dir)) records.push(r)
  return records
}

/** The consumer's and the provider's record of one exchange, by its `X-Road-Id`. */
async function bothRecords(res: RawResponse, consumer = fed.bank) {
  const xRoadId = res.headers['x-road-id']
  expect(xRoadId).toBeTruthy()
  const of = async (gateway: RunningGateway) =>
    (await recordsOf(gateway)).find((r) => r.xRoadId === xRoadId && r.side !== 'admin')
  return { consumer: await of(consumer), provider: await of(fed.provider) }
}

/** Every byte of every file under a gateway's log folder: segments, checkpoints, indexes. */
async function logBytes(gateway: RunningGateway): Promise<[string, Buffer][]> {
  const dir = gateway.gateway.config.audit.dir
  const files: [string, Buffer][] = []
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.push([entry.name, await readFile(join(entry.parentPath, entry.name))])
  }
  expect(files.some(([name]) => name.endsWith('.jsonl'))).toBe(true)
  return files
}

const bankHash = (pin: string) => fed.bank.gateway.tracker.subjectHash(pin)
const providerHash = (pin: string) => fed.provider.gateway.tracker.subjectHash(pin)

describe('personal codes in the message logs', () => {
  it('writes {pin} and the keyed hash on both sides for a path the contract does not define', async () => {
    expect(sent['family']!.status).toBe(404)
    expect(xroadError(sent['family']!).code).toBeUndefined()
    const { consumer, provider } = await bothRecords(sent['family']!)
    for (const [record, hash] of [
      [consumer, bankHash(PIN)],
      [provider, providerHash(PIN)],
    ] as const) {
      expect(record, record?.side).toMatchObject({
        path: '/{pin}/FAMILY',
        userId: 'KG{pin}',
        issue: 'case of {pin}',
        dataSubject: hash,
        status: 404,
      })
      expect(record!.signatures.request!.base).toContain(`/r1/${PERSONS}/{pin}/FAMILY?ref={pin}\n`)
      expect(JSON.stringify(record)).not.toContain(TAIL)
    }
    expect(bankHash(PIN)).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('writes {pin} and the keyed hash on both sides for HEAD, which no operation defines', async () => {
    expect(sent['head']!.status).toBe(200)
    const { consumer, provider } = await bothRecords(sent['head']!)
    expect(consumer).toMatchObject({ method: 'HEAD', path: '/{pin}', dataSubject: bankHash(PIN) })
    expect(provider).toMatchObject({
      method: 'HEAD',
      path: '/{pin}',
      dataSubject: providerHash(PIN),
      status: 200,
    })
    expect(JSON.stringify([consumer, provider])).not.toContain(TAIL)
  })

  it('writes {pin} on both sides for a request refused for want of a grant', async () => {
    const res = sent['refused']!
    expect([res.status, xroadError(res).code]).toEqual([403, 'server.serverproxy.access_denied'])
    const { consumer, provider } = await bothRecords(res)
    const refused = { path: '/{pin}', error: 'server.serverproxy.access_denied', status: 403 }
    expect(consumer).toMatchObject({
      ...refused,
      client: MARKETING_APP,
      dataSubject: bankHash(PIN),
    })
    expect(provider).toMatchObject({ ...refused, dataSubject: providerHash(PIN) })
    expect(JSON.stringify([consumer, provider])).not.toContain(TAIL)
  })

  it('writes {pin} at the provider for requests refused before any contract is looked at', async () => {
    const peer = await createPeer(fed, `${BANK}/gw1`)
    try {
      const ghost = await peer.send({ path: `/r1/${PERSONS}/${PIN}`, client: `${BANK}/ghost-app` })
      expect([ghost.status, ghost.headers['x-road-error']]).toEqual([
        403,
        'server.serverproxy.access_denied',
      ])
      const unknown = await peer.send({
        path: `/r1/${PROVIDER}/population/nosuch/${PIN}?x=${PIN}`,
        client: KYC_APP,
      })
      expect([unknown.status, unknown.headers['x-road-error']]).toEqual([
        404,
        'server.serverproxy.unknown_service',
      ])
      const records = await recordsOf(fed.provider)
      const of = (res: { headers: Record<string, unknown> }) =>
        records.find((r) => r.xRoadId === res.headers['x-road-id'])
      expect(of(ghost)).toMatchObject({ path: '/{pin}', dataSubject: providerHash(PIN) })
      expect(of(unknown)).toMatchObject({ path: '/{pin}', dataSubject: providerHash(PIN) })
      expect(JSON.stringify([of(ghost), of(unknown)])).not.toContain(TAIL)
    } finally {
      await peer.close()
    }
  })

  it('applies the provider’s contract to the consumer’s record when the target names two people', async () => {
    expect(sent['two']!.status).toBe(200)
    const { consumer, provider } = await bothRecords(sent['two']!)
    // Only the contract says the path's PIN is the data subject; both PINs read {pin}.
    expect(consumer).toMatchObject({
      path: '/{pin}',
      operation: 'getPerson',
      purpose: 'Get a person by PIN',
      dataSubject: bankHash(PIN),
    })
    expect(provider).toMatchObject({ operation: 'getPerson', dataSubject: providerHash(PIN) })
    expect(consumer!.signatures.request!.base).toContain(`/{pin}?spouse={pin}\n`)
    expect(JSON.stringify([consumer, provider])).not.toContain(SPOUSE)
    // The consumer read the contract through getOpenAPI, an exchange both sides logged.
    const getOpenApi = `${PROVIDER}/population/getOpenAPI`
    const bank = (await recordsOf(fed.bank)).filter((r) => r.service === getOpenApi)
    expect(bank.map((r) => [r.client, r.status])).toEqual([[KYC_APP, 200]])
    const at = (await recordsOf(fed.provider)).filter((r) => r.xRoadId === bank[0]!.xRoadId)
    expect(at.map((r) => [r.side, r.service, r.status])).toEqual([['provider', getOpenApi, 200]])
  })

  it('writes KG{pin} for the citizen in the portal’s own record of a data-tracker lookup', async () => {
    expect(sent['lookup']!.status).toBe(200)
    const { consumer, provider } = await bothRecords(sent['lookup']!, portal)
    expect(consumer).toMatchObject({
      side: 'consumer',
      userId: 'KG{pin}',
      operation: 'findUsage',
      dataSubject: portal.gateway.tracker.subjectHash(PIN),
    })
    expect(provider).toMatchObject({ userId: 'KG{pin}', dataSubject: providerHash(PIN) })
    expect(consumer!.signatures.request!.base).toContain('?userCode=KG{pin}\n')
  })

  it('leaves no PIN in any file of either log, which still verify', async () => {
    for (const gateway of [fed.bank, fed.provider, portal]) {
      const dir = gateway.gateway.config.audit.dir
      expect(await verifyAuditLog(dir), dir).toMatchObject({ ok: true })
      for (const [name, bytes] of await logBytes(gateway)) {
        expect(bytes.includes(TAIL), `${dir}/${name}`).toBe(false)
        expect(bytes.includes(SPOUSE), `${dir}/${name}`).toBe(false)
      }
    }
  })

  it('exports the bank’s records as CSV with {pin} and the keyed hash, never the PIN', async () => {
    const key = JSON.parse(await readFile(adminKeyFile(fed.dir, BANK), 'utf8'))
    const token = await issueRoleToken(
      key,
      { memberId: BANK, now: Date.now },
      { subject: 'bank-auditor', role: 'auditor' },
    )
    const out = join(fed.dir, 'bank-records.csv')
    const messages: string[] = []
    const log = (s: string) => messages.push(s)
    const options = {
      admin: fed.bank.adminUrl,
      token,
      sandbox: join(fed.dir, 'no-sandbox.json'),
      format: 'csv' as const,
      out,
      pageSize: 2,
    }
    expect(await auditExportCommand(options, { log, error: log })).toBe(0)
    const csv = await readFile(out, 'utf8')
    const rows = csv.split('\r\n').slice(0, -1)
    const column = rows[0]!.split(',').indexOf('dataSubject')
    expect(rows[0]!.split(',').slice(column)).toEqual(['dataSubject', 'requestId'])
    expect(rows.length).toBeGreaterThan(5)
    expect(csv).toContain(`,/{pin}/FAMILY,KG{pin},case of {pin},404,`)
    // The dataSubject cell: the hash (quoted safe with a leading ' should it start with '-').
    const hashed = rows.filter((r) => r.split(',').at(column)!.endsWith(bankHash(PIN)!))
    expect(hashed.length).toBeGreaterThanOrEqual(4)
    expect(csv).not.toContain(TAIL)
    expect(csv).not.toContain(SPOUSE)
  })
})
