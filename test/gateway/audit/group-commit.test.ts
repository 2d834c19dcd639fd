// Group commit: batching of concurrent appends, and no false success when a write or sync fails.
import { existsSync } from 'node:fs'
import { mkdir, open, readFile, symlink } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { createAuditLog, verifyAuditLog } from '#gateway/audit/index.js'
import type { SegmentHandle } from '#gateway/audit/index.js'
import { frozenClock, sampleRecord, tempDir } from '../../support/audit-fixtures.js'

interface Faults {
  /** Called before each write/datasync (1-based count); may throw or delay. */
  beforeWrite?: (call: number) => Promise<void> | void
  beforeSync?: (call: number) => Promise<void> | void
  /** Write only this many bytes of the call's buffer before failing. */
  tornWrite?: { call: number; bytes: number }
}

/** Wraps the real FileHandle, counting calls and injecting the planned faults. */
function faultyOpen(faults: Faults, calls = { write: 0, sync: 0 }) {
  const openSegment = async (path: string, flags: 'a' | 'ax'): Promise<SegmentHandle> => {
    const file = await open(path, flags)
    return {
      async write(buffer, offset, length) {
        const call = ++calls.write
        await faults.beforeWrite?.(call)
        if (faults.tornWrite?.call === call) {
          await file.write(buffer, offset, faults.tornWrite.bytes)
          throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })
        }
        return file.write(buffer, offset, length)
      },
      async datasync() {
        const call = ++calls.sync
        await faults.beforeSync?.(call)
        return file.datasync()
      },
      close: () => file.close(),
    }
  }
  return { openSegment, calls }
}

function ioError(): Error {
  return Object.assign(new Error('EIO: i/o error'), { code: 'EIO' })
}

describe('group commit', () => {
  it('writes concurrent appends in one write and one datasync per batch', async () => {
    const dir = await tempDir()
    const { openSegment, calls } = faultyOpen({})
    const log = await createAuditLog({ dir, now: frozenClock, openSegment })
    await Promise.all(Array.from({ length: 100 }, (_, i) => log.append(sampleRecord(i + 1))))
    await log.close()
    // The first append starts a batch alone; the other 99 queue behind it.
    expect(calls).toEqual({ write: 2, sync: 2 })
    expect(await verifyAuditLog(dir)).toMatchObject({ ok: true, records: 100 })
  })

  it('rejects the batch and everything queued when datasync fails, then every later append', async () => {
    const dir = await tempDir()
    let failSync: (error: Error) => void = () => {}
    const syncFailed = new Promise<void>((_, reject) => (failSync = reject))
    const { openSegment, calls } = faultyOpen({
      beforeSync: (call) => (call === 2 ? syncFailed : undefined),
    })
    const log = await createAuditLog({ dir, now: frozenClock, openSegment })
    await expect(log.append(sampleRecord(1))).resolves.toMatchObject({ seq: 1 })

    const settled = [2, 3, 4].map((n) =>
      log.append(sampleRecord(n)).then(
        () => 'resolved',
        (e) => e,
      ),
    )
    // Record 2 is being synced; 3 and 4 queued behind it.
    await vi.waitFor(() => expect(calls.sync).toBe(2))
    expect(log.stats().pending).toBe(3)
    failSync(ioError())
    for (const outcome of await Promise.all(settled)) {
      expect(outcome).toMatchObject({ name: 'AuditLogError', code: 'write_failed' })
      expect((outcome as Error).cause).toMatchObject({ code: 'EIO' })
    }
    await expect(log.append(sampleRecord(5))).rejects.toMatchObject({ code: 'write_failed' })
    expect(log.stats()).toMatchObject({ seq: 1, pending: 0, failed: true })
    await log.close()

    const head = JSON.parse(await readFile(join(dir, 'head.json'), 'utf8'))
    expect(head.seq).toBe(1)
    expect((await verifyAuditLog(dir)).ok).toBe(true)
  })

  it('rejects when the write fails and leaves a log that reopens where it was durable', async () => {
    const dir = await tempDir()
    const { openSegment } = faultyOpen({
      beforeWrite: (call) => {
        if (call === 2) throw ioError()
      },
    })
    const log = await createAuditLog({ dir, now: frozenClock, openSegment })
    await log.append(sampleRecord(1))
    await expect(log.append(sampleRecord(2))).rejects.toMatchObject({ code: 'write_failed' })
    await log.close()

    const reopened = await createAuditLog({ dir, now: frozenClock })
    await expect(reopened.append(sampleRecord(2))).resolves.toMatchObject({ seq: 2 })
    await reopened.close()
    expect(await verifyAuditLog(dir)).toMatchObject({ ok: true, records: 2 })
  })

  it('after a partial write, rejects; reopening quarantines the torn bytes and goes on', async () => {
    const dir = await tempDir()
    const { openSegment } = faultyOpen({ tornWrite: { call: 2, bytes: 40 } })
    const log = await createAuditLog({ dir, now: frozenClock, openSegment })
    await log.append(sampleRecord(1))
    await expect(log.append(sampleRecord(2))).rejects.toMatchObject({ code: 'write_failed' })
    await log.close()
    expect(await verifyAuditLog(dir)).toMatchObject({ ok: false, failure: { kind: 'torn_tail' } })

    const reopened = await createAuditLog({ dir, now: frozenClock, logger: { warn: () => {} } })
    await expect(reopened.append(sampleRecord(2))).resolves.toMatchObject({ seq: 2 })
    await reopened.close()
    const verdict = await verifyAuditLog(dir)
    expect(verdict).toMatchObject({ ok: true, records: 2 })
    expect(verdict.quarantined).toHaveLength(1)
  })

  it.skipIf(!existsSync('/dev/full'))('rejects appends to a segment on a full device', async () => {
    const dir = await tempDir()
    await symlink('/dev/full', join(dir, 'segment-000001.jsonl'))
    const log = await createAuditLog({ dir, now: frozenClock })
    const error = await log.append(sampleRecord(1)).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'write_failed', cause: { code: 'ENOSPC' } })
    await expect(log.append(sampleRecord(2))).rejects.toMatchObject({ code: 'write_failed' })
    await log.close()
  })

  it('fails the log when head.json cannot be written, even as root', async () => {
    const dir = await tempDir()
    await mkdir(join(dir, 'head.json.tmp'))
    const log = await createAuditLog({ dir, now: frozenClock })
    await expect(log.append(sampleRecord(1))).resolves.toMatchObject({ seq: 1 })
    await vi.waitFor(() => expect(log.stats().failed).toBe(true))
    await expect(log.append(sampleRecord(2))).rejects.toMatchObject({ code: 'write_failed' })
    await log.close()
  })
})
