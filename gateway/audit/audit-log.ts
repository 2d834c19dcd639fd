// The message log: opening and resuming a hash-chained JSONL log in segments (DESIGN §5).
import { mkdir, open, stat } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { AuditLogError } from './audit-log-error.js'
import type { AuditRecordInput } from './audit-record.js'
import { GroupCommitLog, createSegment } from './group-commit.js'
import type { Segment } from './group-commit.js'
import { listSegments, readHead, readLastLine, syncDir } from './log-files.js'
import type { SegmentFile } from './log-files.js'
import { hashLine, parseRecordLine } from './log-format.js'
import type { LogHead } from './log-format.js'

export const DEFAULT_SEGMENT_MAX_BYTES = 64 * 1024 * 1024

/** The part of `fs.promises.FileHandle` the writer uses; replaceable so tests can fail I/O. */
export interface SegmentHandle {
  write(buffer: Uint8Array, offset: number, length: number): Promise<{ bytesWritten: number }>
  datasync(): Promise<void>
  close(): Promise<void>
}

export interface AuditLogOptions {
  /** The log directory; created if missing. One writer per directory. */
  dir: string
  /** The clock for records' `time`. */
  now?: () => Date
  /** Start a new segment before a batch once the current one holds this many bytes. */
  segmentMaxBytes?: number
  /** Opens a segment for appending (test seam). Default: `fs.promises.open(path, flags)`. */
  openSegment?: (path: string, flags: 'a' | 'ax') => Promise<SegmentHandle>
  /** Least time between two head.json writes, ms (default 1000; 0 writes after every batch). */
  headIntervalMs?: number
}

export interface AppendResult {
  seq: number
  /** The record's chain hash: what the next record's `prev` will be. */
  hash: string
}

export interface AuditLogStats {
  /** The last durable record's seq (0 for an empty log). */
  seq: number
  /** Appends accepted but not yet durable (queued or being written). */
  pending: number
  /** Duration of the last batch's write + datasync, in milliseconds. */
  lastCommitMs: number
  /** True once a write failed: every append now rejects (readiness should report it). */
  failed: boolean
}

export interface AuditLog {
  /** Resolves once the record is durable (written and fdatasync'ed); rejects if it may not be. */
  append(record: AuditRecordInput): Promise<AppendResult>
  /** Waits for pending appends and the head.json update, then closes the segment. */
  close(): Promise<void>
  stats(): AuditLogStats
}

export interface Config {
  dir: string
  now: () => Date
  segmentMaxBytes: number
  openSegment: (path: string, flags: 'a' | 'ax') => Promise<SegmentHandle>
  headIntervalMs: number
}

/**
 * Opens (or creates) the message log in `dir` and resumes its chain. Refuses a log whose last
 * line is torn or that is behind its head.json, with an AuditLogError naming the fault.
 *
 * @example
 * const log = await createAuditLog({ dir: '.kopuro/audit' })
 * const { seq } = await log.append(record) // durable from here on
 */
export async function createAuditLog(options: AuditLogOptions): Promise<AuditLog> {
  const config = resolveOptions(options)
  await makeDir(config.dir)
  const segments = await listSegments(config.dir)
  const tail = await findTail(segments)
  await checkHead(config.dir, tail)
  const segment = await openCurrentSegment(config, segments)
  return new GroupCommitLog(config, segment, tail)
}

function resolveOptions(options: AuditLogOptions): Config {
  if (typeof options?.dir !== 'string' || options.dir === '') {
    throw new TypeError('createAuditLog: options.dir must be a directory path')
  }
  const segmentMaxBytes = options.segmentMaxBytes ?? DEFAULT_SEGMENT_MAX_BYTES
  if (!Number.isSafeInteger(segmentMaxBytes) || segmentMaxBytes < 1) {
    throw new TypeError('createAuditLog: options.segmentMaxBytes must be a positive integer')
  }
  return {
    dir: resolve(options.dir),
    now: options.now ?? (() => new Date()),
    segmentMaxBytes,
    openSegment: options.openSegment ?? ((path, flags) => open(path, flags)),
    headIntervalMs: options.headIntervalMs ?? 1000,
  }
}

/** mkdir -p, then fsync each parent that gained an entry, so a new log directory is durable. */
async function makeDir(dir: string): Promise<void> {
  const created = await mkdir(dir, { recursive: true })
  if (created === undefined) return
  const stop = dirname(created)
  for (let path = dir; path !== stop && path !== dirname(path);) {
    path = dirname(path)
    await syncDir(path)
  }
}

/** The last complete record, from the last non-empty segment (a rotation may leave one empty). */
async function findTail(segments: SegmentFile[]): Promise<LogHead | undefined> {
  for (const segment of segments.toReversed()) {
    const line = await readLastLine(segment.path)
    if (line === 'empty') continue
    if (line === 'torn') {
      throw new AuditLogError(
        'torn_tail',
        `${segment.name} ends with a partial record; run \`kopuro audit verify\` before reopening`,
      )
    }
    const record = parseRecordLine(line)
    if (!record) throw new AuditLogError('malformed', `the last line of ${segment.name} is invalid`)
    return { seq: record.seq, hash: hashLine(line), time: record.time }
  }
  return undefined
}

/**
 * Refuses to extend a log that lost records head.json vouches for: appending would overwrite
 * the head and hide the truncation. The log may be ahead of the head by the batch in flight
 * at a crash.
 */
async function checkHead(dir: string, tail: LogHead | undefined): Promise<void> {
  const head = await readHead(dir)
  if (head === 'absent') return
  if (head === 'malformed') throw new AuditLogError('head_mismatch', 'head.json is not valid')
  const seq = tail?.seq ?? 0
  if (seq < head.seq) {
    throw new AuditLogError('truncated', `the log ends at seq ${seq}, head.json at ${head.seq}`)
  }
  if (seq === head.seq && tail?.hash !== head.hash) {
    throw new AuditLogError('head_mismatch', `record ${seq} does not match head.json`)
  }
}

async function openCurrentSegment(config: Config, segments: SegmentFile[]): Promise<Segment> {
  const last = segments.at(-1)
  if (last) {
    const { size } = await stat(last.path)
    return { index: last.index, handle: await config.openSegment(last.path, 'a'), size }
  }
  return createSegment(config, 1)
}
