// Retention: whole old segments are removed once a signed checkpoint covers all their records.
import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { AuditLogError } from './audit-log-error.js'
import { readLatestCheckpoint } from '../checkpoints/checkpoint-file.js'
import { leavesPath } from '../merkle/leaf-store.js'
import { syncDir } from '../../lib/durable-file.js'
import { listSegments, readLastLine, readSegmentLines } from './log-files.js'
import type { SegmentFile } from './log-files.js'
import { GENESIS_HASH, hashLine, parseRecordLine, segmentIndex } from './log-format.js'
import { MerkleFrontier } from '../merkle/merkle-frontier.js'
import { leafHash } from '../merkle/merkle.js'
import { readRetained, writeRetained } from './retained-file.js'
import type { Retained } from './retained-file.js'

export interface RetentionOptions {
  /** Keep at least this many of the newest segments. */
  keepSegments?: number
  /** Remove only segments whose newest record is older than this (ms). */
  olderThanMs?: number
  now?: () => Date
}

export interface RetentionResult {
  /** The segment files removed, oldest first. */
  removed: string[]
  /** The first seq the log still holds. */
  firstSeq: number
}

/**
 * Removes the oldest segments that the options allow, but only whole segments, never the one
 * being written, and only while the latest signed checkpoint covers every record in them.
 * First it rechecks their hash chain and folds them into retained.json (their last record's
 * hash and the Merkle frontier over them), which is written durably before any file goes: the
 * rest of the log still verifies from there, and checkpoints keep their roots. Safe beside an
 * open log; its proofs for removed records then fail.
 *
 * @example await applyRetention('.kopuro/audit', { olderThanMs: 90 * 24 * 3600 * 1000 })
 */
export async function applyRetention(
  dir: string,
  options: RetentionOptions,
): Promise<RetentionResult> {
  checkOptions(options)
  const retained = await readRetained(dir)
  await finishRemoval(dir, retained)
  const latest = await readLatestCheckpoint(dir).catch(() => undefined)
  const firstSeq = (retained?.size ?? 0) + 1
  if (latest === undefined || latest === 'torn') return { removed: [], firstSeq }
  const segments = await removable(await listSegments(dir), latest.size, options)
  if (segments.length === 0) return { removed: [], firstSeq }
  const now = (options.now ?? (() => new Date()))()
  const summary = await summarise(segments, retained)
  if (summary.size === 0) return { removed: [], firstSeq }
  await writeRetained(dir, {
    ...summary,
    version: 1,
    throughSegment: segments.at(-1)!.index,
    checkpoint: { size: latest.size, root: latest.root },
    removedAt: now.toISOString(),
  })
  await finishRemoval(dir, await readRetained(dir))
  return { removed: segments.map((s) => s.name), firstSeq: summary.size + 1 }
}

function checkOptions(options: RetentionOptions): void {
  const { keepSegments, olderThanMs } = options ?? {}
  if (keepSegments === undefined && olderThanMs === undefined) {
    throw new TypeError('applyRetention: give keepSegments or olderThanMs')
  }
  if (keepSegments !== undefined && (!Number.isSafeInteger(keepSegments) || keepSegments < 1)) {
    throw new TypeError('applyRetention: keepSegments must be a positive integer')
  }
  if (olderThanMs !== undefined && (!Number.isSafeInteger(olderThanMs) || olderThanMs < 0)) {
    throw new TypeError('applyRetention: olderThanMs must be a non-negative integer')
  }
}

/** The oldest segments, in order, that may go: stops at the first that may not. */
async function removable(
  segments: SegmentFile[],
  covered: number,
  options: RetentionOptions,
): Promise<SegmentFile[]> {
  const keep = Math.max(1, options.keepSegments ?? 1)
  const cutoff = (options.now ?? (() => new Date()))().getTime() - (options.olderThanMs ?? 0)
  const result: SegmentFile[] = []
  for (const segment of segments.slice(0, Math.max(0, segments.length - keep))) {
    const line = await readLastLine(segment.path)
    if (line === 'empty') {
      result.push(segment)
      continue
    }
    const record = line === 'torn' ? undefined : parseRecordLine(line)
    if (!record || record.seq > covered) break
    if (options.olderThanMs !== undefined && Date.parse(record.time) > cutoff) break
    result.push(segment)
  }
  return result
}

type Summary = Pick<Retained, 'size' | 'prev' | 'time' | 'frontier'>

/** Rereads the segments to go: the chain must hold, and their leaves extend the frontier. */
async function summarise(
  segments: SegmentFile[],
  retained: Retained | undefined,
): Promise<Summary> {
  const nodes = retained?.frontier.map((n) => Buffer.from(n, 'base64')) ?? []
  const frontier = new MerkleFrontier(retained?.size ?? 0, nodes)
  let last = {
    seq: retained?.size ?? 0,
    hash: retained?.prev ?? GENESIS_HASH,
    time: retained?.time ?? '',
  }
  for (const segment of segments) {
    for await (const line of readSegmentLines(segment.path)) {
      const record = line.terminated ? parseRecordLine(line.bytes) : undefined
      if (!record || record.seq !== last.seq + 1 || record.prev !== last.hash) {
        const where = `${segment.name} line ${line.line}`
        throw new AuditLogError('malformed', `${where} breaks the chain; not removing evidence`)
      }
      frontier.append(leafHash(line.bytes))
      last = { seq: record.seq, hash: hashLine(line.bytes), time: record.time }
    }
  }
  const frontierNodes = frontier.nodes().map((n) => n.toString('base64'))
  return { size: last.seq, prev: last.hash, time: last.time, frontier: frontierNodes }
}

/** Deletes segments (and their leaf sidecars) that retained.json already counts as removed. */
async function finishRemoval(dir: string, retained: Retained | undefined): Promise<void> {
  if (!retained) return
  let removed = false
  for (const name of await readdir(dir)) {
    const index = segmentIndex(name)
    if (index === undefined || index > retained.throughSegment) continue
    await rm(join(dir, name))
    await rm(leavesPath(dir, index), { force: true })
    removed = true
  }
  if (removed) await syncDir(dir)
}
