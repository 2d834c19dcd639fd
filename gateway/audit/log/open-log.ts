// Opening a log directory: its tail (torn bytes quarantined), head.json and checkpoints checks.
import { stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { syncDir } from '../../lib/durable-file.js'
import { makePrivateDir, tightenPrivateTree } from '../../lib/private-files.js'
import { AuditLogError } from './audit-log-error.js'
import type { Config, Segment } from './log-types.js'
import { CHECKPOINTS_FILE, readLatestCheckpoint } from '../checkpoints/checkpoint-file.js'
import type { SignedCheckpoint } from '../checkpoints/checkpoint.js'
import { openNewSegment } from './segment.js'
import { readHead, readLastLine } from './log-files.js'
import type { SegmentFile } from './log-files.js'
import { hashLine, parseRecordLine } from './log-format.js'
import type { LogHead } from './log-format.js'
import { quarantineTornTail } from './quarantine.js'
import type { Retained } from './retained-file.js'

/**
 * mkdir -p (owner-only: records hold personal data), then fsync each parent that gained an
 * entry, so a new log directory is durable. An existing log is narrowed to 0700/0600.
 */
export async function makeDir(dir: string): Promise<void> {
  const created = await makePrivateDir(dir)
  if (created === undefined) return tightenPrivateTree(dir)
  const stop = dirname(created)
  for (let path = dir; path !== stop && path !== dirname(path);) {
    path = dirname(path)
    await syncDir(path)
  }
}

/**
 * The last complete record, from the last non-empty segment (a rotation may leave one empty),
 * or the last record retention removed. A partial last line is a write cut by a crash: its
 * bytes go to a quarantine file and the segment ends at its last complete line.
 */
export async function findTail(
  config: Config,
  segments: SegmentFile[],
  retained: Retained | undefined,
): Promise<LogHead | undefined> {
  for (const segment of segments.toReversed()) {
    let line = await readLastLine(segment.path)
    if (line === 'torn') {
      await quarantine(config, segment.path)
      line = await readLastLine(segment.path)
    }
    if (line === 'empty') continue
    if (line === 'torn') throw new AuditLogError('torn_tail', `${segment.name} could not be cut`)
    const record = parseRecordLine(line)
    if (!record) throw new AuditLogError('malformed', `the last line of ${segment.name} is invalid`)
    return { seq: record.seq, hash: hashLine(line), time: record.time }
  }
  return retained && { seq: retained.size, hash: retained.prev, time: retained.time }
}

/**
 * Refuses to extend a log that lost records head.json vouches for: appending would overwrite
 * the head and hide the truncation. The log may be ahead of the head by the batch in flight
 * at a crash.
 */
export async function checkHead(dir: string, tail: LogHead | undefined): Promise<void> {
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

/** The latest checkpoint on file; a checkpoint torn by a crash is quarantined like a record. */
export async function latestCheckpoint(config: Config): Promise<SignedCheckpoint | undefined> {
  let latest = await readLatestCheckpoint(config.dir)
  if (latest === 'torn') {
    await quarantine(config, join(config.dir, CHECKPOINTS_FILE))
    latest = await readLatestCheckpoint(config.dir)
  }
  if (latest === 'torn') throw new AuditLogError('torn_tail', `${CHECKPOINTS_FILE} is torn`)
  return latest
}

export async function openCurrentSegment(
  config: Config,
  segments: SegmentFile[],
  index: number,
): Promise<Segment> {
  const last = segments.at(-1)
  if (last) {
    const { size } = await stat(last.path)
    return { index: last.index, handle: await config.openSegment(last.path, 'a'), size }
  }
  return openNewSegment(config, index)
}

async function quarantine(config: Config, path: string): Promise<void> {
  const moved = await quarantineTornTail(config.dir, path, config.now)
  config.logger.warn(
    { file: moved.file, from: moved.from, bytes: moved.bytes },
    'audit log: moved a partial last line (a write cut by a crash) into quarantine',
  )
}
