// Reading records back: in order across segments, tolerant of a write in progress only at the end.
import { appendFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createAuditLog, readAuditRecords } from '#gateway/audit/index.js'
import { editLines, frozenClock, sampleRecord, tempDir } from '../../support/audit-fixtures.js'

async function seqs(dir: string): Promise<number[]> {
  const result: number[] = []
  for await (const record of readAuditRecords(dir)) result.push(record.seq)
  return result
}

async function writeLog(dir: string, count: number, segmentMaxBytes?: number): Promise<void> {
  const log = await createAuditLog({ dir, now: frozenClock, segmentMaxBytes })
  for (let n = 1; n <= count; n++) await log.append(sampleRecord(n))
  await log.close()
}

describe('readAuditRecords', () => {
  it('yields records in seq order across segments', async () => {
    const dir = await tempDir()
    await writeLog(dir, 12, 1_500)
    expect(await seqs(dir)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1))
  })

  it('yields nothing for an empty log directory', async () => {
    expect(await seqs(await tempDir())).toEqual([])
  })

  it('skips a partial last line (a write in progress)', async () => {
    const dir = await tempDir()
    await writeLog(dir, 3)
    await appendFile(join(dir, 'segment-000001.jsonl'), '{"seq":4,"time"')
    expect(await seqs(dir)).toEqual([1, 2, 3])
  })

  it('throws on a line that is not a record', async () => {
    const dir = await tempDir()
    await writeLog(dir, 3)
    await editLines(join(dir, 'segment-000001.jsonl'), (lines) => [lines[0]!, 'oops', lines[2]!])
    await expect(seqs(dir)).rejects.toMatchObject({ name: 'AuditLogError', code: 'malformed' })
  })

  it('throws on a partial line that is not at the end of the log', async () => {
    const dir = await tempDir()
    await writeLog(dir, 3)
    await appendFile(join(dir, 'segment-000001.jsonl'), '{"seq":4')
    await writeFile(join(dir, 'segment-000002.jsonl'), '')
    await expect(seqs(dir)).rejects.toMatchObject({ code: 'torn_tail' })
  })
})
