// The message log writer: append, resume, group commit, rotation, refusal and failure behaviour.
import { appendFile, readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import {
  AuditLogError,
  GENESIS_HASH,
  createAuditLog,
  readAuditRecords,
  verifyAuditLog,
} from '#gateway/audit/index.js'
import type { AuditRecord } from '#gateway/audit/index.js'
import { FROZEN_TIME, frozenClock, sampleRecord, tempDir } from '../../support/audit-fixtures.js'

async function readAll(dir: string): Promise<AuditRecord[]> {
  const records: AuditRecord[] = []
  for await (const record of readAuditRecords(dir)) records.push(record)
  return records
}

async function appendMany(dir: string, count: number, segmentMaxBytes?: number): Promise<void> {
  const log = await createAuditLog({ dir, now: frozenClock, segmentMaxBytes })
  for (let n = 1; n <= count; n++) await log.append(sampleRecord(n))
  await log.close()
}

describe('createAuditLog', () => {
  it('appends records and reads them back with chain fields first', async () => {
    const dir = await tempDir()
    const log = await createAuditLog({ dir, now: frozenClock })
    const first = await log.append(sampleRecord(1))
    const second = await log.append(sampleRecord(2))
    await log.close()

    expect(first.seq).toBe(1)
    expect(second.seq).toBe(2)
    const records = await readAll(dir)
    expect(records).toEqual([
      { seq: 1, time: FROZEN_TIME, prev: GENESIS_HASH, ...sampleRecord(1) },
      { seq: 2, time: FROZEN_TIME, prev: first.hash, ...sampleRecord(2) },
    ])
    const text = await readFile(join(dir, 'segment-000001.jsonl'), 'utf8')
    expect(text.startsWith(`{"seq":1,"time":"${FROZEN_TIME}","prev":"${'A'.repeat(43)}",`)).toBe(
      true,
    )
    expect(JSON.parse(await readFile(join(dir, 'head.json'), 'utf8'))).toEqual({
      seq: 2,
      hash: second.hash,
      time: FROZEN_TIME,
    })
  })

  it('resumes the chain after close and reopen', async () => {
    const dir = await tempDir()
    await appendMany(dir, 3)
    const log = await createAuditLog({ dir, now: frozenClock })
    expect(log.stats().seq).toBe(3)
    const fourth = await log.append(sampleRecord(4))
    await log.close()

    expect(fourth.seq).toBe(4)
    expect(await verifyAuditLog(dir)).toMatchObject({ ok: true, records: 4 })
    expect((await readAll(dir)).map((r) => r.seq)).toEqual([1, 2, 3, 4])
  })

  it('makes 500 concurrent appends durable in a few batches, all in one chain', async () => {
    const dir = await tempDir()
    const log = await createAuditLog({ dir, now: frozenClock })
    const appends = Array.from({ length: 500 }, (_, i) => log.append(sampleRecord(i + 1)))
    expect(log.stats().pending).toBe(500)
    const results = await Promise.all(appends)
    expect(log.stats()).toMatchObject({ seq: 500, pending: 0, failed: false })
    await log.close()

    expect(results.map((r) => r.seq)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1))
    expect(await verifyAuditLog(dir)).toMatchObject({ ok: true, records: 500 })
    const records = await readAll(dir)
    expect(records.map((r) => r.path)).toEqual(results.map((r) => `/persons/${r.seq}`))
  })

  it('rotates segments and keeps one chain across them, also after reopening', async () => {
    const dir = await tempDir()
    await appendMany(dir, 30, 2_000)
    const log = await createAuditLog({ dir, now: frozenClock, segmentMaxBytes: 2_000 })
    await Promise.all([31, 32, 33].map((n) => log.append(sampleRecord(n))))
    await log.close()

    const segments = (await readdir(dir)).filter((name) => name.startsWith('segment-'))
    expect(segments.length).toBeGreaterThan(5)
    expect(await verifyAuditLog(dir)).toMatchObject({ ok: true, records: 33 })
    expect((await readAll(dir)).map((r) => r.seq)).toEqual(
      Array.from({ length: 33 }, (_, i) => i + 1),
    )
  })

  it('resumes from an earlier segment when a rotation left the last one empty', async () => {
    const dir = await tempDir()
    await appendMany(dir, 2)
    await writeFile(join(dir, 'segment-000002.jsonl'), '')
    const log = await createAuditLog({ dir, now: frozenClock })
    expect((await log.append(sampleRecord(3))).seq).toBe(3)
    await log.close()
    expect(await verifyAuditLog(dir)).toMatchObject({ ok: true, records: 3 })
  })

  it('stamps records with the injected clock and counts batches in stats', async () => {
    const dir = await tempDir()
    const log = await createAuditLog({ dir, now: () => new Date(Date.UTC(2030, 0, 1)) })
    await log.append(sampleRecord(1))
    expect(log.stats().lastCommitMs).toBeGreaterThan(0)
    await log.close()
    expect((await readAll(dir))[0]?.time).toBe('2030-01-01T00:00:00.000Z')
  })

  it('rejects records that try to set chain fields, without using up a seq', async () => {
    const dir = await tempDir()
    const log = await createAuditLog({ dir, now: frozenClock })
    const forged = { ...sampleRecord(1), seq: 99 } as unknown as ReturnType<typeof sampleRecord>
    await expect(log.append(forged)).rejects.toThrow(TypeError)
    expect((await log.append(sampleRecord(1))).seq).toBe(1)
    await log.close()
  })

  it('flushes pending appends on close and rejects appends after it', async () => {
    const dir = await tempDir()
    const log = await createAuditLog({ dir, now: frozenClock })
    const pending = [1, 2, 3].map((n) => log.append(sampleRecord(n)))
    await log.close()
    await expect(Promise.all(pending)).resolves.toHaveLength(3)
    await expect(log.append(sampleRecord(4))).rejects.toMatchObject({ code: 'closed' })
    expect(await verifyAuditLog(dir)).toMatchObject({ ok: true, records: 3 })
  })

  it('creates a missing log directory, parents included', async () => {
    const dir = join(await tempDir(), 'node', 'gw1')
    await appendMany(dir, 1)
    expect(await verifyAuditLog(dir)).toMatchObject({ ok: true, records: 1 })
  })

  it('throws a TypeError for bad options', async () => {
    await expect(createAuditLog({ dir: '' })).rejects.toThrow(TypeError)
    const dir = await tempDir()
    await expect(createAuditLog({ dir, segmentMaxBytes: 0 })).rejects.toThrow(TypeError)
  })
})

describe('createAuditLog after a crash', () => {
  it('moves a torn last line into a quarantine file, logs it, and goes on after seq 3', async () => {
    const dir = await tempDir()
    await appendMany(dir, 3)
    const segment = join(dir, 'segment-000001.jsonl')
    const intact = await readFile(segment)
    await appendFile(segment, '{"seq":4,"ti')
    const warn = vi.fn()
    const log = await createAuditLog({ dir, now: frozenClock, logger: { warn } })
    expect(await readFile(segment)).toEqual(intact)
    const quarantined = (await readdir(dir)).filter((name) => name.startsWith('quarantine-'))
    expect(quarantined).toEqual(['quarantine-2026-03-01T12-00-00-000Z.bin'])
    expect(await readFile(join(dir, quarantined[0]!), 'utf8')).toBe('{"seq":4,"ti')
    expect(warn).toHaveBeenCalledWith(
      { file: quarantined[0], from: 'segment-000001.jsonl', bytes: 12 },
      expect.stringContaining('quarantine'),
    )
    await expect(log.append(sampleRecord(4))).resolves.toMatchObject({ seq: 4 })
    await log.close()
    expect(await verifyAuditLog(dir)).toMatchObject({ ok: true, records: 4, quarantined })
  })

  it('reports the torn line as torn_tail until the log is reopened', async () => {
    const dir = await tempDir()
    await appendMany(dir, 3)
    await appendFile(join(dir, 'segment-000001.jsonl'), '{"seq":4,"ti')
    expect(await verifyAuditLog(dir)).toMatchObject({
      ok: false,
      records: 3,
      failure: { kind: 'torn_tail', segment: 'segment-000001.jsonl', line: 4 },
      quarantined: [],
    })
  })
})

describe('createAuditLog refuses a damaged log', () => {
  it('throws an AuditLogError naming the fault', async () => {
    const dir = await tempDir()
    await appendMany(dir, 3)
    await writeFile(join(dir, 'head.json'), '{"seq":')
    const error = await createAuditLog({ dir }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AuditLogError)
    expect(error).toMatchObject({ code: 'head_mismatch' })
  })

  it('refuses a log that is behind head.json, so truncation cannot be papered over', async () => {
    const dir = await tempDir()
    await appendMany(dir, 3)
    const path = join(dir, 'segment-000001.jsonl')
    const lines = (await readFile(path, 'utf8')).split('\n')
    await writeFile(path, `${lines.slice(0, 2).join('\n')}\n`)
    await expect(createAuditLog({ dir })).rejects.toMatchObject({ code: 'truncated' })
  })

  it('refuses a last record that does not match head.json', async () => {
    const dir = await tempDir()
    await appendMany(dir, 3)
    const path = join(dir, 'segment-000001.jsonl')
    await writeFile(path, (await readFile(path, 'utf8')).replace('/persons/3', '/persons/4'))
    await expect(createAuditLog({ dir })).rejects.toMatchObject({ code: 'head_mismatch' })
  })

  it('fails to open where the directory cannot exist (its parent is a regular file)', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'file'), 'not a directory')
    await expect(createAuditLog({ dir: join(dir, 'file', 'log') })).rejects.toMatchObject({
      code: 'ENOTDIR',
    })
  })
})
