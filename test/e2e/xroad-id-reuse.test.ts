// An information system reuses one X-Road-Id for two exchanges, through real gateways, TLS and
// signatures: both stay reachable on both nodes — listed by the evidence endpoint, fetched one by
// one by X-Road-Request-Id and verified offline, shown by the record query and the CLI.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueRoleToken } from '#gateway/admin/index.js'
import type { AuditRecord } from '#gateway/audit/index.js'
import { verifyEvidence, type EvidenceBundle, type ListedMatch } from '#gateway/evidence/index.js'
import { adminKeyFile } from '#sandbox/prepare-federation.js'
import { createPeer } from '../support/federation-client.js'
import { rawRequest, xroadError, type RawResponse } from '../support/http-raw.js'
import { runCli } from '../support/run-cli.js'
import {
  BANK,
  KYC_APP,
  PERSONS,
  PROVIDER,
  startTestFederation,
  type TestFederation,
} from '../support/test-federation.js'

const REUSED = 'loan-application-7'
/** Two persons the population registry knows, one per exchange. */
let PINS: string[] = []

let fed: TestFederation
/** The two exchanges' answers, in the order they were made. */
const answers: RawResponse[] = []
/** Each exchange's X-Road-Request-Id, from its answer. */
let requestIds: string[] = []
const auditors: Record<string, string> = {}
const nodes = () => [
  { side: 'consumer', member: BANK, adminUrl: fed.bank.adminUrl },
  { side: 'provider', member: PROVIDER, adminUrl: fed.provider.adminUrl },
]

beforeAll(async () => {
  fed = await startTestFederation()
  const search = await fetch(`${fed.registryUrl}/persons?lastName=Asanov&limit=2`)
  PINS = ((await search.json()) as { items: { pin: string }[] }).items.map((p) => p.pin)
  expect(PINS).toHaveLength(2)
  const token = await fed.token(KYC_APP)
  for (const pin of PINS) {
    answers.push(
      await rawRequest(fed.bank.consumerUrl, `/r1/${PERSONS}/${pin}`, {
        headers: {
          authorization: `Bearer ${token}`,
          'x-road-client': KYC_APP,
          'x-road-id': REUSED,
          // The caller's own request id is dropped: the gateway assigns one per exchange.
          'x-road-request-id': 'chosen-by-the-caller',
        },
      }),
    )
  }
  requestIds = answers.map((a) => String(a.headers['x-road-request-id']))
  for (const member of [BANK, PROVIDER]) {
    const key = JSON.parse(await readFile(adminKeyFile(fed.dir, member), 'utf8'))
    auditors[member] = await issueRoleToken(
      key,
      { memberId: member, now: Date.now },
      { subject: 'auditor-1', role: 'auditor' },
    )
  }
}, 60_000)
afterAll(() => fed?.close())

/** GET on an admin listener with the member's auditor token, polled while the record awaits its checkpoint (409). */
async function audit(adminUrl: string, member: string, path: string): Promise<RawResponse> {
  const headers = { authorization: `Bearer ${auditors[member]}` }
  for (let deadline = Date.now() + 30_000; ;) {
    const res = await rawRequest(adminUrl, path, { headers })
    if (res.status !== 409 || Date.now() > deadline) return res
    await new Promise((r) => setTimeout(r, 250))
  }
}

describe('an X-Road-Id reused for two exchanges', () => {
  it('gives each exchange its own X-Road-Request-Id, not the one the caller sent', () => {
    expect(answers.map((a) => [a.status, a.headers['x-road-id']])).toEqual([
      [200, REUSED],
      [200, REUSED],
    ])
    expect(new Set(requestIds).size).toBe(2)
    expect(requestIds).not.toContain('chosen-by-the-caller')
    for (const id of requestIds) expect(id).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('lists both exchanges at the evidence endpoint of each node, with 300 ambiguous_exchange', async () => {
    for (const { side, member, adminUrl } of nodes()) {
      const res = await audit(adminUrl, member, `/audit/evidence/${REUSED}`)
      expect([res.status, xroadError(res).code], side).toEqual([300, 'client.ambiguous_exchange'])
      const { matches, more } = JSON.parse(res.body) as { matches: ListedMatch[]; more: boolean }
      expect(more).toBe(false)
      expect(matches.map((m) => [m.side, m.requestId, m.client, m.service, m.status])).toEqual(
        requestIds.map((id) => [side, id, KYC_APP, PERSONS, 200]),
      )
      expect(matches.map((m) => m.href)).toEqual(
        requestIds.map((id) => `/audit/evidence/${REUSED}?requestId=${id}&side=${side}`),
      )
      for (const m of matches) expect(Number.isNaN(Date.parse(m.time))).toBe(false)
    }
  })

  it('serves each exchange its own bundle by X-Road-Request-Id, and each verifies offline', async () => {
    for (const { side, member, adminUrl } of nodes()) {
      for (const [i, requestId] of requestIds.entries()) {
        const res = await audit(
          adminUrl,
          member,
          `/audit/evidence/${REUSED}?requestId=${requestId}`,
        )
        expect(res.status, `${side} ${i}`).toBe(200)
        const bundle = JSON.parse(res.body) as EvidenceBundle
        expect(bundle.record).toMatchObject({ side, xRoadId: REUSED, requestId, status: 200 })
        expect(bundle.record.signatures.request!.base).toContain(
          `"x-road-request-id": ${requestId}\n`,
        )
        // Both sides' signed bases hold the person as {pin}: the verifier names them.
        const subject = PINS[i]
        const result = await verifyEvidence(bundle, { subject })
        expect(result.checks.filter((c) => !c.ok)).toEqual([])
        expect(result.ok).toBe(true)
      }
    }
  })

  it('shows both rows in the record query of each node, and one for a request id', async () => {
    for (const { side, member, adminUrl } of nodes()) {
      const all = await audit(adminUrl, member, `/audit/records?xRoadId=${REUSED}`)
      expect(all.status).toBe(200)
      const { records } = JSON.parse(all.body) as { records: AuditRecord[] }
      expect(records.map((r) => [r.side, r.xRoadId, r.requestId])).toEqual(
        requestIds.map((id) => [side, REUSED, id]),
      )
      const one = await audit(adminUrl, member, `/audit/records?requestId=${requestIds[1]}`)
      expect(one.status).toBe(200)
      const picked = (JSON.parse(one.body) as { records: AuditRecord[] }).records
      expect(picked.map((r) => r.seq)).toEqual([records[1]!.seq])
    }
  })

  // Four CLI processes, each loading TypeScript: on a busy machine that alone can take a minute.
  it(
    'lists both with `kopuro audit evidence`, which writes one by --request-id that `kopuro evidence verify` accepts',
    { timeout: 120_000 },
    async () => {
      const target = ['--admin', fed.bank.adminUrl, '--token', auditors[BANK]!]
      const listed = await runCli(['audit', 'evidence', REUSED, ...target])
      expect(listed.code).toBe(1)
      expect(listed.stdout).toMatch(/^SEQ +SIDE +REQUEST-ID +TIME +CLIENT +SERVICE +STATUS\n/)
      for (const id of requestIds) expect(listed.stdout).toContain(`consumer  ${id}`)
      expect(listed.stderr).toMatch(/names 2 exchanges; choose one with --request-id/)

      const rows = await runCli(['audit', 'query', ...target, '--x-road-id', REUSED])
      expect(rows.code).toBe(0)
      expect(rows.stdout.trimEnd().split('\n').at(-1)).toBe('2 records')

      const file = join(fed.dir, 'evidence-second.json')
      const wrote = await runCli([
        'audit',
        'evidence',
        REUSED,
        ...target,
        '--request-id',
        requestIds[1]!,
        '--out',
        file,
      ])
      expect(wrote.code, wrote.stderr).toBe(0)
      const bundle = JSON.parse(await readFile(file, 'utf8')) as EvidenceBundle
      expect(bundle.record.requestId).toBe(requestIds[1])
      const verified = await runCli(['evidence', 'verify', file, '--subject', PINS[1]!])
      expect(verified.code, verified.stdout + verified.stderr).toBe(0)
    },
  )
})

describe('X-Road-Request-Id between gateways', () => {
  it('refuses a request id changed after signing, and a malformed one even when signed', async () => {
    const peer = await createPeer(fed, `${BANK}/gw1`)
    try {
      const path = `/r1/${PERSONS}/${PINS[0]}`
      const changed = await peer.send({
        path,
        client: KYC_APP,
        tamper: (m) => (m.headers['x-road-request-id'] = requestIds[0]!),
      })
      expect([changed.status, changed.headers['x-road-error']]).toEqual([
        401,
        'server.serverproxy.invalid_signature_value',
      ])
      const malformed = await peer.send({
        path,
        client: KYC_APP,
        headers: { 'x-road-request-id': 'two words' },
      })
      expect([malformed.status, malformed.headers['x-road-error']]).toEqual([
        400,
        'server.serverproxy.invalid_request',
      ])
      expect(malformed.headers['signature']).toBeUndefined()
    } finally {
      await peer.close()
    }
  })
})
