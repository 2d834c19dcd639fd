// Rotation by age, and retention: whole covered segments go, the rest still verifies and proves.
import { existsSync } from 'node:fs'
import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import {
  applyRetention,
  createAuditLog,
  readAuditRecords,
  verifyAuditLog,
  verifyConsistency,
  verifyInclusion,
  type AuditLogOptions,
} from '#gateway/audit/index.js'
import { sampleRecord, tempDir } from '../../support/audit-fixtures.js'
import { appendRange, b64, checkpointLines, logKeyPair } from './tree-fixtures.js'

const DAY = 24 * 3600 * 1000
const T0 = Date.parse('2026-03-01T00:00:00.000Z')

function clock(start = T0) {
  let t = start
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) }
}

async function segmentNames(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((n) => /^segment-\d+\.jsonl$/.test(n)).sort()
}

/** One segment per simulated day (rotation by age), a checkpoint at the end of each day. */
async function dailyLog(days: number, perDay = 30) {
  const dir = await tempDir()
  const { privateJwk, publicJwk } = await logKeyPair()
  const time = clock()
  const options: AuditLogOptions = {
    dir,
    now: time.now,
    logKey: privateJwk,
    segmentMaxAgeMs: DAY,
    checkpointEvery: perDay,
  }
  const log = await createAuditLog(options)
  for (let day = 0; day < days; day++) {
    for (let n = 1; n <= perDay; n++) await log.append(sampleRecord(day * perDay + n))
    // The day's checkpoint lands before the next day's first record, however busy the machine.
    const size = (day + 1) * perDay
    await vi.waitFor(() => expect(log.latestCheckpoint()?.size).toBe(size))
    time.advance(DAY)
  }
  await log.close()
  return { dir, options, publicJwk, time }
}

describe('rotation by age', () => {
  it('starts a new segment once the current one holds a record older than segmentMaxAgeMs', async () => {
    const { dir } = await dailyLog(3, 5)
    expect(await segmentNames(dir)).toEqual([
      'segment-000001.jsonl',
      'segment-000002.jsonl',
      'segment-000003.jsonl',
    ])
    const first = (await readFile(join(dir, 'segment-000002.jsonl'), 'utf8')).split('\n')[0]!
    expect(JSON.parse(first)).toMatchObject({ seq: 6, time: '2026-03-02T00:00:00.000Z' })
  })

  it('keeps the age of the open segment across a reopen', async () => {
    const { dir, options } = await dailyLog(1, 3)
    const log = await createAuditLog(options)
    await log.append(sampleRecord(4))
    await log.close()
    expect(await segmentNames(dir)).toHaveLength(2)
  })
})

describe('applyRetention', () => {
  it('removes the oldest covered segments and leaves a log that verifies from there', async () => {
    const { dir, publicJwk } = await dailyLog(5)
    const result = await applyRetention(dir, { keepSegments: 2 })
    expect(result).toEqual({
      removed: ['segment-000001.jsonl', 'segment-000002.jsonl', 'segment-000003.jsonl'],
      firstSeq: 91,
    })
    expect(await segmentNames(dir)).toEqual(['segment-000004.jsonl', 'segment-000005.jsonl'])
    expect(existsSync(join(dir, 'tree', '000001.leaves'))).toBe(false)
    const retained = JSON.parse(await readFile(join(dir, 'retained.json'), 'utf8'))
    expect(retained).toMatchObject({ size: 90, throughSegment: 3, checkpoint: { size: 150 } })
    expect(await verifyAuditLog(dir, { logKey: publicJwk })).toMatchObject({
      ok: true,
      records: 150,
      firstSeq: 91,
      checkpoints: 5,
      unchecked: 2,
    })
    expect((await checkpointLines(dir)).map((l) => l.size)).toEqual([30, 60, 90, 120, 150])
    const seqs: number[] = []
    for await (const record of readAuditRecords(dir)) seqs.push(record.seq)
    expect(seqs[0]).toBe(91)
  })

  it('keeps proving and signing over the whole log (from seq 1) after a removal', async () => {
    const { dir, options } = await dailyLog(4)
    await applyRetention(dir, { keepSegments: 1 })
    const log = await createAuditLog(options)
    await appendRange(log, 121, 140)
    const proof = await log.proveInclusion(100, 140)
    const { leafHash, path, root } = proof
    expect(verifyInclusion(b64(leafHash), 99, 140, path.map(b64), b64(root))).toBe(true)
    await expect(log.proveInclusion(5, 140)).rejects.toThrow(RangeError)
    await log.close()
    const latest = log.latestCheckpoint()!
    expect(latest).toMatchObject({ size: 140, root })

    const old = (await checkpointLines(dir)).find((l) => l.size === 120)!
    const reopened = await createAuditLog(options)
    const consistency = await reopened.proveConsistency(120, 140)
    await reopened.close()
    expect(consistency.oldRoot).toBe(old.root)
    const [rootM, rootN] = [b64(old.root), b64(latest.root)]
    expect(verifyConsistency(120, 140, rootM, rootN, consistency.proof.map(b64))).toBe(true)
    expect(await verifyAuditLog(dir)).toMatchObject({ ok: true, records: 140, firstSeq: 91 })
  })

  it('removes by age, and never a segment the latest checkpoint does not cover', async () => {
    const { dir, options, time } = await dailyLog(3)
    const log = await createAuditLog({ ...options, checkpointEvery: 1000 })
    await appendRange(log, 91, 95)
    time.advance(DAY)
    await log.append(sampleRecord(96))
    await log.close()
    // The close signed 96; cut that checkpoint so segment 4 (91..95) is not covered.
    const path = join(dir, 'checkpoints.jsonl')
    const lines = (await readFile(path, 'utf8')).split('\n').filter((l) => l !== '')
    await writeFile(path, `${lines.slice(0, -1).join('\n')}\n`)
    const now = () => new Date(T0 + 13 * DAY)
    const result = await applyRetention(dir, { olderThanMs: 12.5 * DAY, now })
    expect(result.removed).toEqual(['segment-000001.jsonl'])
    const all = await applyRetention(dir, { olderThanMs: 0, now })
    expect(all.removed).toEqual(['segment-000002.jsonl', 'segment-000003.jsonl'])
    expect(await segmentNames(dir)).toEqual(['segment-000004.jsonl', 'segment-000005.jsonl'])
    expect(await verifyAuditLog(dir)).toMatchObject({ ok: true, records: 96, firstSeq: 91 })
  })

  it('removes nothing from a damaged prefix, and refuses bad options', async () => {
    const { dir } = await dailyLog(3)
    const path = join(dir, 'segment-000001.jsonl')
    await writeFile(path, (await readFile(path, 'utf8')).replace('/persons/4"', '/persons/5"'))
    await expect(applyRetention(dir, { keepSegments: 1 })).rejects.toMatchObject({
      code: 'malformed',
    })
    expect(await segmentNames(dir)).toHaveLength(3)
    expect(existsSync(join(dir, 'retained.json'))).toBe(false)
    await expect(applyRetention(dir, {})).rejects.toThrow(TypeError)
    await expect(applyRetention(dir, { keepSegments: 0 })).rejects.toThrow(TypeError)
  })

  it('lets the verifier catch a forged retention summary', async () => {
    const { dir } = await dailyLog(3)
    await applyRetention(dir, { keepSegments: 1 })
    const path = join(dir, 'retained.json')
    const retained = JSON.parse(await readFile(path, 'utf8'))
    await writeFile(
      path,
      JSON.stringify({ ...retained, frontier: [...retained.frontier].reverse() }),
    )
    expect(await verifyAuditLog(dir)).toMatchObject({
      ok: false,
      failure: { kind: 'checkpoint_mismatch' },
    })
    await writeFile(path, JSON.stringify({ ...retained, prev: 'A'.repeat(43) }))
    expect(await verifyAuditLog(dir)).toMatchObject({
      ok: false,
      failure: { kind: 'chain_broken' },
    })
  })
})
