// The auditor API on a provider gateway's admin listener: filters, pagination, exports, roles.
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueRoleToken, type Principal } from '#gateway/admin/index.js'
import { adminKeyFile } from '#sandbox/prepare-federation.js'
import { rawRequest, xroadError } from '../support/http-raw.js'
import {
  BANK,
  KYC_APP,
  MARKETING_APP,
  OPERATOR,
  PERSONS,
  PROVIDER,
  startTestFederation,
  type TestFederation,
} from '../support/test-federation.js'

let fed: TestFederation

beforeAll(async () => {
  fed = await startTestFederation()
  for (const [client, path] of [
    [KYC_APP, '/22905199138381'],
    [KYC_APP, '/22905199138381'],
    [KYC_APP, '/22905199138381/family'],
    [MARKETING_APP, '/22905199138381'],
  ] as const) {
    const token = await fed.token(client)
    await rawRequest(fed.bank.consumerUrl, `/r1/${PERSONS}${path}`, {
      headers: {
        authorization: `Bearer ${token}`,
        'x-road-client': client,
        'x-road-userid': 'KG-officer-7',
      },
    })
  }
})
afterAll(() => fed?.close())

async function token(principal: Principal, member = PROVIDER): Promise<string> {
  const key = JSON.parse(await readFile(adminKeyFile(fed.dir, member), 'utf8'))
  return issueRoleToken(key, { memberId: member, now: Date.now }, principal)
}

async function records(query: string, bearer: string) {
  const res = await rawRequest(fed.provider.adminUrl, `/audit/records${query}`, {
    headers: { authorization: `Bearer ${bearer}` },
  })
  return {
    res,
    body:
      res.headers['content-type']?.toString().includes('json') && !query.includes('ndjson')
        ? JSON.parse(res.body)
        : res.body,
  }
}

describe('auditor API', () => {
  it('lets an auditor read every record and filter by client, status and user id', async () => {
    const auditor = await token({ subject: 'auditor-1', role: 'auditor' })
    const all = (await records('', auditor)).body as {
      records: { client: string; status: number }[]
    }
    expect(all.records).toHaveLength(4)
    const kyc = (await records(`?client=${encodeURIComponent(KYC_APP)}`, auditor))
      .body as typeof all
    expect(kyc.records.map((r) => r.client)).toEqual([KYC_APP, KYC_APP, KYC_APP])
    const denied = (await records('?status=4xx', auditor)).body as typeof all
    expect(denied.records.map((r) => [r.client, r.status])).toEqual([
      [KYC_APP, 403],
      [MARKETING_APP, 403],
    ])
    const byUser = (await records('?userId=KG-officer-7&status=200', auditor)).body as typeof all
    expect(byUser.records).toHaveLength(2)
  })

  it('pages with a cursor, without gaps or repeats', async () => {
    const auditor = await token({ subject: 'auditor-1', role: 'auditor' })
    const seen: number[] = []
    let cursor = ''
    for (let page = 0; page < 10; page++) {
      const { res, body } = await records(`?limit=3${cursor ? `&cursor=${cursor}` : ''}`, auditor)
      const b = body as { records: { seq: number }[]; next: string | null }
      seen.push(...b.records.map((r) => r.seq))
      if (!b.next) break
      expect(res.headers['x-next-cursor']).toBe(b.next)
      cursor = b.next
    }
    expect(seen).toEqual([1, 2, 3, 4])
  })

  it('exports NDJSON and CSV', async () => {
    const auditor = await token({ subject: 'auditor-1', role: 'auditor' })
    const nd = await records('?format=ndjson', auditor)
    expect(nd.res.headers['content-type']).toBe('application/x-ndjson')
    expect(
      (nd.body as string)
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).seq),
    ).toEqual([1, 2, 3, 4])
    const csv = await records('?format=csv', auditor)
    const lines = (csv.body as string).trim().split('\r\n')
    expect(lines[0]).toBe(
      'seq,time,side,xRoadId,client,service,method,path,userId,issue,status,error,dataSubject,requestId',
    )
    expect(lines).toHaveLength(5)
  })

  it('shows a member only the exchanges it took part in', async () => {
    const bank = (
      await records('', await token({ subject: 'bank-dpo', role: 'member', member: BANK }))
    ).body as { records: unknown[] }
    expect(bank.records).toHaveLength(4)
    const operator = (
      await records('', await token({ subject: 'op-dpo', role: 'member', member: OPERATOR }))
    ).body as { records: unknown[] }
    expect(operator.records).toEqual([])
  })

  it('refuses the wrong role, no token, a foreign key and bad parameters', async () => {
    const observer = await records('', await token({ subject: 'ops', role: 'observer' }))
    expect([observer.res.status, xroadError(observer.res).code]).toEqual([403, 'client.forbidden'])
    const none = await rawRequest(fed.provider.adminUrl, '/audit/records')
    expect([none.status, xroadError(none).code]).toEqual([401, 'client.unauthorized'])
    const foreign = await records('', await token({ subject: 'x', role: 'auditor' }, BANK))
    expect([foreign.res.status, xroadError(foreign.res).code]).toEqual([
      401,
      'client.invalid_token',
    ])
    const auditor = await token({ subject: 'auditor-1', role: 'auditor' })
    for (const q of ['?limit=0', '?status=abc', '?from=yesterday', '?cursor=%%%', '?nope=1']) {
      const bad = await records(q, auditor)
      expect([bad.res.status, xroadError(bad.res).code], q).toEqual([400, 'client.bad_request'])
    }
  })
})
