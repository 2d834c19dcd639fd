// The core exchange end to end: token → signed request → provider → registry → signed response.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAuditRecords, verifyAuditLog } from '#gateway/audit/index.js'
import {
  KYC_APP,
  PERSONS,
  startTestFederation,
  type TestFederation,
} from '../support/test-federation.js'

let fed: TestFederation
let pin: string

beforeAll(async () => {
  fed = await startTestFederation()
  const search = await fetch(`${fed.registryUrl}/persons?lastName=Asanov&limit=1`)
  pin = ((await search.json()) as { items: { pin: string }[] }).items[0]!.pin
})
afterAll(() => fed?.close())

describe('core exchange', () => {
  it('returns the person with X-Road response headers, and both logs hold the exchange', async () => {
    const token = await fed.token(KYC_APP)
    const res = await fetch(`${fed.bank.consumerUrl}/r1/${PERSONS}/${pin}`, {
      headers: {
        authorization: `Bearer ${token}`,
        'x-road-client': KYC_APP,
        'x-road-userid': 'KG21505199000001',
        'x-road-issue': 'loan-42',
      },
    })
    const body = (await res.json()) as { pin: string }
    expect(res.status).toBe(200)
    expect(body.pin).toBe(pin)
    const xRoadId = res.headers.get('x-road-id')
    expect(xRoadId).toMatch(/^[0-9a-f-]{36}$/)
    expect(res.headers.get('x-road-request-id')).toBeTruthy()
    expect(res.headers.get('x-road-request-hash')).toMatch(/^[A-Za-z0-9+/]{86}==$/)
    expect(res.headers.get('x-road-service')).toBe(PERSONS)
    expect(res.headers.get('x-road-client')).toBe(KYC_APP)

    for (const node of [fed.provider, fed.bank]) {
      const dir = node.gateway.config.audit.dir
      expect(await verifyAuditLog(dir)).toMatchObject({ ok: true })
      const records = []
      for await (const r of readAuditRecords(dir)) records.push(r)
      const record = records.find((r) => r.xRoadId === xRoadId)
      expect(record).toMatchObject({
        client: KYC_APP,
        service: PERSONS,
        status: 200,
        userId: 'KG21505199000001',
        issue: 'loan-42',
      })
      expect(record!.requestHash).toBe(res.headers.get('x-road-request-hash'))
      expect(record!.signatures.request?.keyid).toBeTruthy()
      expect(record!.signatures.response?.keyid).toBeTruthy()
    }
  })
})
