// The offline verifier: an intact log passes; each kind of damage is named at the bad record.
import { readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createAuditLog, verifyAuditLog } from '#gateway/audit/index.js'
import type { AppendResult } from '#gateway/audit/index.js'
import { editLines, frozenClock, sampleRecord, tempDir } from '../../support/audit-fixtures.js'

const SEGMENT = 'segment-000001.jsonl'

/** A closed ten-record log in one segment, with head.json at seq 10. */
async function tenRecordLog(): Promise<{ dir: string; path: string; results: AppendResult[] }> {
  const dir = await tempDir()
  const log = await createAuditLog({ dir, now: frozenClock })
  const results: AppendResult[] = []
  for (let n = 1; n <= 10; n++) results.push(await log.append(sampleRecord(n)))
  await log.close()
  return { dir, path: join(dir, SEGMENT), results }
}

/** Replaces the byte at `offset` within line `line` (1-based) of the segment. */
async function changeByte(path: string, line: number, offset: number, value?: number) {
  const bytes = await readFile(path)
  let start = 0
  for (let i = 1; i < line; i++) start = bytes.indexOf(0x0a, start) + 1
  bytes[start + offset] = value ?? bytes[start + offset]! ^ 0x01
  await writeFile(path, bytes)
}

async function offsetOf(path: string, line: number, text: string): Promise<number> {
  const lines = (await readFile(path, 'utf8')).split('\n')
  return Buffer.from(lines[line - 1]!).indexOf(text)
}

describe('verifyAuditLog', () => {
  it('passes an intact log and reports its last record', async () => {
    const { dir, results } = await tenRecordLog()
    const result = await verifyAuditLog(dir)
    expect(result).toEqual({
      ok: true,
      records: 10,
      head: { seq: 10, hash: results[9]!.hash, time: frozenClock().toISOString() },
      checkpoints: 0,
      unchecked: 0,
      quarantined: [],
    })
  })

  it('passes an empty directory', async () => {
    expect(await verifyAuditLog(await tempDir())).toEqual({
      ok: true,
      records: 0,
      checkpoints: 0,
      unchecked: 0,
      quarantined: [],
    })
  })

  it('names a middle record with one byte changed outside its prev', async () => {
    const { dir, path } = await tenRecordLog()
    await changeByte(path, 5, await offsetOf(path, 5, '/persons/5'))
    expect(await verifyAuditLog(dir)).toMatchObject({
      ok: false,
      records: 4,
      failure: { kind: 'chain_broken', segment: SEGMENT, line: 5, seq: 5 },
    })
  })

  it('names a middle record whose prev had one byte changed, not its predecessor', async () => {
    const { dir, path } = await tenRecordLog()
    await changeByte(path, 5, (await offsetOf(path, 5, '"prev":"')) + 10)
    expect(await verifyAuditLog(dir)).toMatchObject({
      records: 4,
      failure: { kind: 'chain_broken', line: 5, seq: 5 },
    })
  })

  it('catches a change to the last record through head.json', async () => {
    const { dir, path } = await tenRecordLog()
    const original = await readFile(path)
    await changeByte(path, 10, await offsetOf(path, 10, '/persons/10'))
    expect(await verifyAuditLog(dir)).toMatchObject({
      records: 9,
      failure: { kind: 'head_mismatch', line: 10, seq: 10 },
    })
    await writeFile(path, original)
    await changeByte(path, 10, (await offsetOf(path, 10, '"prev":"')) + 20)
    expect(await verifyAuditLog(dir)).toMatchObject({
      records: 9,
      failure: { kind: 'chain_broken', line: 10, seq: 10 },
    })
  })

  it.each([1, 5, 10])('names record %i for a change to any single byte of it', async (seq) => {
    const { dir, path } = await tenRecordLog()
    const original = await readFile(path)
    let start = 0
    for (let i = 1; i < seq; i++) start = original.indexOf(0x0a, start) + 1
    for (let offset = start; offset < original.indexOf(0x0a, start); offset++) {
      const damaged = Buffer.from(original)
      damaged[offset] = damaged[offset]! ^ 0x01
      await writeFile(path, damaged)
      const result = await verifyAuditLog(dir)
      expect(result.ok, `byte ${offset - start}`).toBe(false)
      if (!result.ok) expect(result.failure.line, `byte ${offset - start}`).toBe(seq)
    }
  })

  it('reports a deleted middle record as a sequence gap', async () => {
    const { dir, path } = await tenRecordLog()
    await editLines(path, (lines) => lines.filter((_, i) => i !== 4))
    expect(await verifyAuditLog(dir)).toMatchObject({
      records: 4,
      failure: { kind: 'sequence_gap', line: 5, seq: 6 },
    })
  })

  it('reports two swapped records', async () => {
    const { dir, path } = await tenRecordLog()
    await editLines(path, (lines) => [
      ...lines.slice(0, 4),
      lines[5]!,
      lines[4]!,
      ...lines.slice(6),
    ])
    expect(await verifyAuditLog(dir)).toMatchObject({
      records: 4,
      failure: { kind: 'sequence_gap', line: 5, seq: 6 },
    })
  })

  it('reports a removed last record as truncated against head.json', async () => {
    const { dir, path } = await tenRecordLog()
    await editLines(path, (lines) => lines.slice(0, 9))
    expect(await verifyAuditLog(dir)).toMatchObject({
      records: 9,
      failure: { kind: 'truncated', segment: SEGMENT, line: 10, seq: 10 },
    })
  })

  it('reports a partial last line as a torn tail', async () => {
    const { dir, path } = await tenRecordLog()
    const { length } = await readFile(path)
    await truncate(path, length - 25)
    expect(await verifyAuditLog(dir)).toMatchObject({
      records: 9,
      failure: { kind: 'torn_tail', segment: SEGMENT, line: 10 },
    })
  })

  it('reports a line that is not a record as malformed', async () => {
    const { dir, path } = await tenRecordLog()
    await editLines(path, (lines) => lines.map((line, i) => (i === 6 ? '{"seq":7}' : line)))
    expect(await verifyAuditLog(dir)).toMatchObject({
      records: 6,
      failure: { kind: 'malformed', line: 7 },
    })
  })

  it('accepts a log ahead of head.json when the head record matches (crash before head update)', async () => {
    const { dir, results } = await tenRecordLog()
    const head = { seq: 8, hash: results[7]!.hash, time: frozenClock().toISOString() }
    await writeFile(join(dir, 'head.json'), JSON.stringify(head))
    expect(await verifyAuditLog(dir)).toMatchObject({ ok: true, records: 10 })

    await writeFile(join(dir, 'head.json'), JSON.stringify({ ...head, hash: results[6]!.hash }))
    expect(await verifyAuditLog(dir)).toMatchObject({
      records: 7,
      failure: { kind: 'head_mismatch', line: 8, seq: 8 },
    })
  })

  it('reports an unreadable head.json', async () => {
    const { dir } = await tenRecordLog()
    await writeFile(join(dir, 'head.json'), '{"seq":')
    expect(await verifyAuditLog(dir)).toMatchObject({
      records: 10,
      failure: { kind: 'head_mismatch', segment: 'head.json' },
    })
  })

  it('locates faults by segment and line across rotated segments', async () => {
    const dir = await tempDir()
    const log = await createAuditLog({ dir, now: frozenClock, segmentMaxBytes: 1_500 })
    for (let n = 1; n <= 12; n++) await log.append(sampleRecord(n))
    await log.close()
    const segments = (await readdir(dir)).filter((name) => name.startsWith('segment-')).sort()
    expect(segments.length).toBeGreaterThanOrEqual(3)
    expect(await verifyAuditLog(dir)).toMatchObject({ ok: true, records: 12 })

    const second = join(dir, segments[1]!)
    const firstSeq = JSON.parse((await readFile(second, 'utf8')).split('\n')[0]!).seq as number
    await changeByte(second, 2, await offsetOf(second, 2, '/persons/'))
    expect(await verifyAuditLog(dir)).toMatchObject({
      records: firstSeq,
      failure: { kind: 'chain_broken', segment: segments[1], line: 2, seq: firstSeq + 1 },
    })
  })

  it('reports a whole missing segment as a sequence gap', async () => {
    const dir = await tempDir()
    const log = await createAuditLog({ dir, now: frozenClock, segmentMaxBytes: 1_500 })
    for (let n = 1; n <= 12; n++) await log.append(sampleRecord(n))
    await log.close()
    await rm(join(dir, 'segment-000002.jsonl'))
    expect(await verifyAuditLog(dir)).toMatchObject({
      ok: false,
      failure: { kind: 'sequence_gap', segment: 'segment-000003.jsonl', line: 1 },
    })
  })
})
