// `kopuro audit query` and `kopuro audit export` as processes against a real gateway's records.
import { readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueRoleToken } from '#gateway/admin/index.js'
import type { AuditRecord } from '#gateway/audit/index.js'
import { adminKeyFile } from '#sandbox/prepare-federation.js'
import { runCli } from '../support/run-cli.js'
import {
  BANK,
  KYC_APP,
  PERSONS,
  startTestFederation,
  type TestFederation,
} from '../support/test-federation.js'

const NODE = `${BANK}/gw1`
const EXCHANGES = 5

let fed: TestFederation
let auditor: string
/** Every record of the bank's gateway, straight from the auditor API. */
let all: AuditRecord[]

beforeAll(async () => {
  fed = await startTestFederation()
  const token = await fed.token(KYC_APP)
  const search = await fetch(`${fed.registryUrl}/persons?lastName=Asanov&limit=${EXCHANGES}`)
  const pins = ((await search.json()) as { items: { pin: string }[] }).items.map((p) => p.pin)
  expect(pins).toHaveLength(EXCHANGES)
  for (const pin of [...pins, 'not-a-pin']) {
    const res = await fetch(`${fed.bank.consumerUrl}/r1/${PERSONS}/${pin}`, {
      headers: { authorization: `Bearer ${token}`, 'x-road-client': KYC_APP },
    })
    await res.arrayBuffer()
  }
  const key = JSON.parse(await readFile(adminKeyFile(fed.dir, BANK), 'utf8'))
  auditor = await issueRoleToken(
    key,
    { memberId: BANK, now: Date.now },
    { subject: 'cli-auditor', role: 'auditor' },
  )
  const res = await fetch(`${fed.bank.adminUrl}/audit/records?limit=1000`, {
    headers: { authorization: `Bearer ${auditor}` },
  })
  all = ((await res.json()) as { records: AuditRecord[] }).records
  expect(all.length).toBeGreaterThanOrEqual(EXCHANGES + 1)
})
afterAll(() => fed?.close())

const target = () => ['--admin', fed.bank.adminUrl, '--token', auditor]

describe('kopuro audit query', () => {
  it('prints one page as a table and the cursor of the next', async () => {
    const first = await runCli(['audit', 'query', ...target(), '--limit', '2'])
    expect(first.code).toBe(0)
    const lines = first.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^TIME +SIDE +CLIENT +SERVICE +STATUS +X-ROAD-ID +REQUEST-ID$/)
    expect(lines.slice(1, 3).map((l) => l.split(/ +/)[5])).toEqual(
      all.slice(0, 2).map((r) => r.xRoadId),
    )
    expect(lines[1]).toContain(`${all[0]!.time}  consumer  ${KYC_APP}  ${PERSONS}`)
    expect(lines.slice(1, 3).map((l) => l.split(/ +/)[6])).toEqual(
      all.slice(0, 2).map((r) => r.requestId),
    )
    const cursor = /^2 records; next page: --cursor (\S+)$/.exec(lines[3]!)?.[1]
    expect(cursor).toBeDefined()

    const second = await runCli([
      'audit',
      'query',
      ...target(),
      '--limit',
      '2',
      '--cursor',
      cursor!,
    ])
    expect(second.code).toBe(0)
    expect(second.stdout).toContain(all[2]!.xRoadId)
    expect(second.stdout).not.toContain(all[0]!.xRoadId)
  })

  it('applies the filters the gateway offers', async () => {
    const result = await runCli(['audit', 'query', ...target(), '--status', '4xx'])
    expect(result.code).toBe(0)
    const failed = all.filter((r) => r.status >= 400 && r.status < 500)
    expect(failed.length).toBeGreaterThan(0)
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe(
      `${failed.length} ${failed.length === 1 ? 'record' : 'records'}`,
    )
  })

  it('finds the admin URL and the auditor token in the sandbox file for --node', async () => {
    const sandbox = join(fed.dir, 'sandbox.json')
    await writeFile(
      sandbox,
      JSON.stringify({
        gateways: [{ node: NODE, adminUrl: fed.bank.adminUrl }],
        roleTokens: { [BANK]: { admin: 'unused', auditor } },
      }),
    )
    const result = await runCli(['audit', 'query', '--node', NODE, '--sandbox', sandbox])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(all[0]!.xRoadId)
  })

  it('takes the token from KOPURO_TOKEN', async () => {
    const args = ['audit', 'query', '--admin', fed.bank.adminUrl, '--limit', '1']
    const result = await runCli(args, { KOPURO_TOKEN: auditor })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(all[0]!.xRoadId)
  })

  it("exits 1 with the gateway's error for a bad token", async () => {
    const args = ['audit', 'query', '--admin', fed.bank.adminUrl, '--token', `${auditor}x`]
    const result = await runCli(args)
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(/^audit query: refused: 401 client\.invalid_token — /)
  })
})

describe('kopuro audit export', () => {
  it('follows the cursor through every page: NDJSON equals all records', async () => {
    const out = join(fed.dir, 'records.ndjson')
    const args = ['audit', 'export', ...target(), '--page-size', '2', '--out', out]
    const result = await runCli(args)
    expect(result.code).toBe(0)
    const pages = Math.ceil(all.length / 2)
    expect(result.stdout).toContain(`exported ${all.length} records (${pages} pages) to ${out}`)
    const lines = (await readFile(out, 'utf8')).trimEnd().split('\n')
    expect(lines.map((l) => JSON.parse(l) as AuditRecord)).toEqual(all)
    expect((await stat(out)).mode & 0o777).toBe(0o600)
  })

  it('writes one CSV with a single header line to stdout', async () => {
    const args = ['audit', 'export', ...target(), '--format', 'csv', '--page-size', '3']
    const result = await runCli(args)
    expect(result.code).toBe(0)
    const rows = result.stdout.split('\r\n').slice(0, -1)
    expect(rows[0]).toBe(
      'seq,time,side,xRoadId,client,service,method,path,userId,issue,status,error,dataSubject,requestId',
    )
    expect(rows.filter((r) => r.startsWith('seq,'))).toHaveLength(1)
    expect(rows.slice(1).map((r) => r.split(',')[3])).toEqual(all.map((r) => r.xRoadId))
  })

  it("exits 1 with the gateway's error for a bad token, and writes no file", async () => {
    const out = join(fed.dir, 'refused.csv')
    const args = ['audit', 'export', '--admin', fed.bank.adminUrl, '--token', 'not-a-jwt']
    const result = await runCli([...args, '--out', out])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^audit export: refused: 401 client\.invalid_token/)
    await expect(stat(out)).rejects.toThrow()
    await expect(stat(`${out}.partial`)).rejects.toThrow()
  })
})
