// The evidence route's answers: the bundle, 404 for an unknown exchange, 409 before a checkpoint,
// 300 with every match when a reused X-Road-Id names several exchanges.
import { describe, expect, it } from 'vitest'
import { createAuditLog, type AuditRecordInput } from '#gateway/audit/index.js'
import { evidenceResponse, type EvidenceBundle, type ListedMatch } from '#gateway/evidence/index.js'
import { GatewayError } from '#gateway/lib/errors.js'
import { createLogger } from '#gateway/lib/logger.js'
import { sampleRecord, tempDir } from '../../support/audit-fixtures.js'
import { logKeyPair } from '../audit/tree-fixtures.js'
import { directoryOf } from './evidence-fixtures.js'

const logger = createLogger({ name: 'evidence-test' })
const REUSED = 'kg-reused'

/** A log of `records` (default: one); with `signed`, a checkpoint covers them at once. */
async function logOf(signed = false, records: AuditRecordInput[] = [sampleRecord(1)]) {
  const dir = await tempDir()
  const logKey = signed ? (await logKeyPair()).privateJwk : undefined
  const log = await createAuditLog({ dir, logKey, checkpointEvery: records.length })
  for (const record of records) await log.append(record)
  return { log, auditDir: dir, directory: directoryOf([]), logger, waitMs: 5000 }
}

/** Three exchanges under one X-Road-Id: two of the tax portal's, one of another member's. */
function reusedRecords(): AuditRecordInput[] {
  return [
    { ...sampleRecord(1), xRoadId: REUSED, requestId: 'req-a' },
    { ...sampleRecord(2), xRoadId: REUSED, requestId: 'req-b', side: 'provider', status: 403 },
    { ...sampleRecord(3), xRoadId: REUSED, requestId: 'req-c', client: 'KG/COM/10000009/app' },
    sampleRecord(4),
  ]
}

const params = (query: Record<string, string> = {}) => new URLSearchParams(query)
const portalOnly = (r: { client: string }) => r.client === 'KG/GOV/70000001/tax-portal'

describe('evidenceResponse', () => {
  it('answers 409 with Retry-After while no checkpoint covers the record', async () => {
    const deps = await logOf()
    const res = await evidenceResponse({
      ...deps,
      waitMs: 0,
      xRoadId: 'kg-00000001',
      params: params(),
    })
    expect([res.status, res.headers.get('x-road-error')]).toEqual([409, 'client.evidence_pending'])
    expect(res.headers.get('retry-after')).toBe('1')
    await deps.log.close()
  })

  it('answers 404 for an unknown, invisible or other-side exchange', async () => {
    const deps = await logOf()
    const ask = (xRoadId: string, query: Record<string, string> = {}, visible?: () => boolean) =>
      evidenceResponse({ ...deps, waitMs: 0, xRoadId, params: params(query), visible }).then(
        (r) => [r.status, r.headers.get('x-road-error')],
      )
    const unknown = [404, 'client.unknown_exchange']
    expect(await ask('kg-00000002')).toEqual(unknown)
    expect(await ask('kg-00000001', { side: 'provider' })).toEqual(unknown)
    expect(await ask('kg-00000001', { requestId: 'req-2' })).toEqual(unknown)
    expect(await ask('kg-00000001', { seq: '2' })).toEqual(unknown)
    expect(await ask('kg-00000001', {}, () => false)).toEqual(unknown)
    await deps.log.close()
  })

  it('refuses an unknown, repeated or malformed parameter with 400 rather than ignore it', async () => {
    const deps = await logOf()
    const ask = (query: string) =>
      evidenceResponse({ ...deps, xRoadId: 'kg-00000001', params: new URLSearchParams(query) })
    for (const query of [
      'side=both',
      'request_id=req-1',
      'requestId=req-1&requestId=req-2',
      'requestId=two%20words',
      `requestId=${'x'.repeat(129)}`,
      'seq=0',
      'seq=1.5',
    ]) {
      const refusal = ask(query)
      await expect(refusal, query).rejects.toBeInstanceOf(GatewayError)
      await expect(ask(query), query).rejects.toMatchObject({ code: 'client.bad_request' })
    }
    await deps.log.close()
  })

  it('answers 200 with the bundle once the log has signed a checkpoint', async () => {
    const deps = await logOf(true)
    const res = await evidenceResponse({
      ...deps,
      xRoadId: 'kg-00000001',
      params: params({ side: 'consumer' }),
    })
    expect(res.status).toBe(200)
    const bundle = (await res.json()) as EvidenceBundle
    expect(bundle).toMatchObject({ version: 1, inclusion: { seq: 1, treeSize: 1 } })
    await deps.log.close()
  })

  it('lists every exchange a reused X-Road-Id names with 300, each with the path of its bundle', async () => {
    const deps = await logOf(true, reusedRecords())
    const res = await evidenceResponse({ ...deps, xRoadId: REUSED, params: params() })
    expect([res.status, res.headers.get('x-road-error')]).toEqual([
      300,
      'client.ambiguous_exchange',
    ])
    const body = (await res.json()) as { type: string; matches: ListedMatch[]; more: boolean }
    expect(body).toMatchObject({ type: 'client.ambiguous_exchange', more: false })
    expect(body.matches.map((m) => [m.seq, m.side, m.requestId, m.client, m.status])).toEqual([
      [1, 'consumer', 'req-a', 'KG/GOV/70000001/tax-portal', 200],
      [2, 'provider', 'req-b', 'KG/GOV/70000001/tax-portal', 403],
      [3, 'consumer', 'req-c', 'KG/COM/10000009/app', 200],
    ])
    expect(body.matches[0]).toMatchObject({
      service: 'KG/GOV/70000002/population/persons',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      href: '/audit/evidence/kg-reused?requestId=req-a&side=consumer',
    })
    await deps.log.close()
  })

  it('serves exactly the exchange its X-Road-Request-Id names, and skips records the caller may not see', async () => {
    const deps = await logOf(true, reusedRecords())
    const bundleOf = async (query: Record<string, string>, visible?: typeof portalOnly) => {
      const res = await evidenceResponse({
        ...deps,
        xRoadId: REUSED,
        params: params(query),
        visible,
      })
      expect(res.status, JSON.stringify(query)).toBe(200)
      return ((await res.json()) as EvidenceBundle).record
    }
    expect(await bundleOf({ requestId: 'req-b' })).toMatchObject({ seq: 2, requestId: 'req-b' })
    expect(await bundleOf({ requestId: 'req-c', side: 'consumer' })).toMatchObject({ seq: 3 })
    expect(await bundleOf({ side: 'provider' })).toMatchObject({ seq: 2 })
    // Another member's exchange under the same id neither hides this one nor shows in the list.
    const hidden = await evidenceResponse({
      ...deps,
      xRoadId: REUSED,
      params: params({ requestId: 'req-c' }),
      visible: portalOnly,
    })
    expect(hidden.status).toBe(404)
    const listed = await evidenceResponse({
      ...deps,
      xRoadId: REUSED,
      params: params(),
      visible: portalOnly,
    })
    const { matches } = (await listed.json()) as { matches: ListedMatch[] }
    expect(matches.map((m) => m.requestId)).toEqual(['req-a', 'req-b'])
    await deps.log.close()
  })

  it('adds the seq to the path when a peer sent one request id twice', async () => {
    const twice = [
      { ...sampleRecord(1), xRoadId: REUSED, requestId: 'req-same', side: 'provider' as const },
      { ...sampleRecord(2), xRoadId: REUSED, requestId: 'req-same', side: 'provider' as const },
    ]
    const deps = await logOf(true, twice)
    const res = await evidenceResponse({
      ...deps,
      xRoadId: REUSED,
      params: params({ requestId: 'req-same' }),
    })
    expect(res.status).toBe(300)
    const { matches } = (await res.json()) as { matches: ListedMatch[] }
    expect(matches.map((m) => m.href)).toEqual([
      '/audit/evidence/kg-reused?requestId=req-same&side=provider&seq=1',
      '/audit/evidence/kg-reused?requestId=req-same&side=provider&seq=2',
    ])
    const second = await evidenceResponse({
      ...deps,
      xRoadId: REUSED,
      params: new URL(`http://admin${matches[1]!.href}`).searchParams,
    })
    expect(second.status).toBe(200)
    expect(((await second.json()) as EvidenceBundle).record.seq).toBe(2)
    await deps.log.close()
  })
})
