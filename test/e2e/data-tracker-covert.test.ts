// A covert access stays hidden from the citizen across a restart that drops the covert group
// from the config: covertness is stored in the record when the exchange is logged (§4.2).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAuditRecords, type AuditRecord } from '#gateway/audit/index.js'
import { startGateway, type RunningGateway } from '#gateway/server.js'
import { rawRequest } from '../support/http-raw.js'
import {
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

let fed: TestFederation
let portal: RunningGateway
let restarted: RunningGateway | undefined

beforeAll(async () => {
  fed = await startTestFederation({
    // marketing-app stands in for a body with lawful covert access; no embargo: hidden for good.
    providerGrants: [
      { subject: MARKETING_APP, service: PERSONS, endpoints: [{ method: 'GET', path: '/*' }] },
    ],
    globalGroups: [
      { code: 'covert-access', description: 'Lawful covert access', members: [MARKETING_APP] },
    ],
    tracker: { covertGroup: 'covert-access' },
  })
  portal = await startGateway(fed.node(`${OPERATOR}/gw1`).config)
})
afterAll(async () => {
  await restarted?.close()
  await portal?.close()
  await fed?.close()
})

async function read(client: string) {
  const res = await rawRequest(fed.bank.consumerUrl, `/r1/${PERSONS}/${CITIZEN}`, {
    headers: { authorization: `Bearer ${await fed.token(client)}`, 'x-road-client': client },
  })
  expect(res.status).toBe(200)
}

async function systemsShown(): Promise<string[]> {
  const res = await rawRequest(
    portal.consumerUrl,
    `/r1/${TRACKER}/v2/findUsage?userCode=KG${CITIZEN}`,
    {
      headers: {
        authorization: `Bearer ${await fed.token(PORTAL)}`,
        'x-road-client': PORTAL,
        'x-road-userid': `KG${CITIZEN}`,
      },
    },
  )
  expect(res.status).toBe(200)
  return (JSON.parse(res.body) as { usages: { receiverSystem: string }[] }).usages.map(
    (u) => u.receiverSystem,
  )
}

describe('covert access in the data tracker', () => {
  it('stays hidden after a restart whose config no longer names the covert group', async () => {
    await read(MARKETING_APP)
    await read(KYC_APP)
    expect(await systemsShown()).toEqual(['kyc-app'])
    const records: AuditRecord[] = []
    for await (const r of readAuditRecords(fed.provider.gateway.config.audit.dir)) records.push(r)
    const reads = records.filter((r) => r.service === PERSONS)
    expect(reads.map((r) => [r.client, r.covert])).toEqual([
      [MARKETING_APP, true],
      [KYC_APP, undefined],
    ])

    await fed.provider.close()
    const config = fed.node(`${PROVIDER}/gw1`).config
    restarted = await startGateway({
      ...config,
      tracker: { keyFile: config.tracker!.keyFile },
    })
    expect(await systemsShown()).toEqual(['kyc-app'])
    const tracker = restarted.gateway.tracker
    const audited = tracker.listUsages(tracker.subjectHash(CITIZEN)!, { includeCovert: true })
    expect(audited.usages.map((u) => [u.client, u.covert])).toEqual([
      [KYC_APP, false],
      [MARKETING_APP, true],
    ])
  })
})
