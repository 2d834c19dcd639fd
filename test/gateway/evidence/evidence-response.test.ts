// The evidence route's answers: the bundle, 404 for an unknown exchange, 409 before a checkpoint.
import { describe, expect, it } from 'vitest'
import { createAuditLog } from '../../../gateway/audit/index.js'
import { evidenceResponse, type EvidenceBundle } from '../../../gateway/evidence/index.js'
import { GatewayError } from '../../../gateway/lib/errors.js'
import { createLogger } from '../../../gateway/lib/logger.js'
import { sampleRecord, tempDir } from '../../support/audit-fixtures.js'
import { logKeyPair } from '../audit/tree-fixtures.js'
import { directoryOf } from './evidence-fixtures.js'

const logger = createLogger({ name: 'evidence-test' })

/** A log of one record; with `signed`, a checkpoint covers it at once. */
async function oneRecordLog(signed = false) {
  const dir = await tempDir()
  const logKey = signed ? (await logKeyPair()).privateJwk : undefined
  const log = await createAuditLog({ dir, logKey, checkpointEvery: 1 })
  await log.append(sampleRecord(1))
  return { log, auditDir: dir, directory: directoryOf([]), logger }
}

describe('evidenceResponse', () => {
  it('answers 409 with Retry-After while no checkpoint covers the record', async () => {
    const deps = await oneRecordLog()
    const res = await evidenceResponse({ ...deps, xRoadId: 'kg-00000001', side: undefined })
    expect([res.status, res.headers.get('x-road-error')]).toEqual([409, 'client.evidence_pending'])
    expect(res.headers.get('retry-after')).toBe('1')
    await deps.log.close()
  })

  it('answers 404 for an unknown, invisible or other-side exchange', async () => {
    const deps = await oneRecordLog()
    const ask = (xRoadId: string, side?: string, visible?: () => boolean) =>
      evidenceResponse({ ...deps, xRoadId, side, visible }).then((r) => r.status)
    expect(await ask('kg-00000002')).toBe(404)
    expect(await ask('kg-00000001', 'provider')).toBe(404)
    expect(await ask('kg-00000001', undefined, () => false)).toBe(404)
    await expect(ask('kg-00000001', 'both')).rejects.toMatchObject({
      code: 'client.bad_request',
    })
    await expect(ask('kg-00000001', 'both')).rejects.toBeInstanceOf(GatewayError)
    await deps.log.close()
  })

  it('answers 200 with the bundle once the log has signed a checkpoint', async () => {
    const deps = await oneRecordLog(true)
    const res = await evidenceResponse({
      ...deps,
      xRoadId: 'kg-00000001',
      side: 'consumer',
      waitMs: 5000,
    })
    expect(res.status).toBe(200)
    const bundle = (await res.json()) as EvidenceBundle
    expect(bundle).toMatchObject({ version: 1, inclusion: { seq: 1, treeSize: 1 } })
    await deps.log.close()
  })
})
