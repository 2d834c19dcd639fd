// The message log: opening and resuming a hash-chained JSONL log in segments (docs/design.md §5).
import { open } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { JWK } from 'jose'
import { createLogger } from '../lib/logger.js'
import type { Logger } from '../lib/logger.js'
import { PRIVATE_FILE_MODE } from '../lib/private-files.js'
import type { AuditRecordInput } from './audit-record.js'
import { createLogSigner } from './checkpoint.js'
import type { LogSigner, SignedCheckpoint } from './checkpoint.js'
import {
  Checkpointer,
  DEFAULT_CHECKPOINT_EVERY,
  DEFAULT_CHECKPOINT_INTERVAL_MS,
} from './checkpointer.js'
import { GroupCommitLog } from './group-commit.js'
import { listSegments } from './log-files.js'
import type { ConsistencyProof, InclusionProof } from './log-proofs.js'
import { checkHead, findTail, latestCheckpoint, makeDir, openCurrentSegment } from './open-log.js'
import { openLogTree } from './open-tree.js'
import { readRetained } from './retained-file.js'

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
  /** Also start a new segment once its first record is this old (ms). Default: no age limit. */
  segmentMaxAgeMs?: number
  /** Opens a segment for appending (test seam). Default: `fs.promises.open(path, flags)`. */
  openSegment?: (path: string, flags: 'a' | 'ax') => Promise<SegmentHandle>
  /** Least time between two head.json writes, ms (default 1000; 0 writes after every batch). */
  headIntervalMs?: number
  /**
   * The log key: a private Ed25519 JWK with `kid`, used for nothing else (not TLS, not message
   * signing). Without it the log signs no checkpoints.
   */
  logKey?: JWK
  /** Sign a checkpoint once this many records are uncovered (default 1000). */
  checkpointEvery?: number
  /** …or once the oldest uncovered record has waited this long, ms (default 10 000). */
  checkpointIntervalMs?: number
  /** The gateway node, named in each checkpoint. */
  nodeId?: string
  /** Where the log reports what it did on its own (a quarantined torn line). */
  logger?: Pick<Logger, 'warn'>
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
  /** Waits for pending appends, head.json and a last checkpoint, then closes the segment. */
  close(): Promise<void>
  stats(): AuditLogStats
  /** The last signed checkpoint (tree head), if the log has one. */
  latestCheckpoint(): SignedCheckpoint | undefined
  /**
   * Proves record `seq` is in the tree of `treeSize` records (default: the latest checkpoint's
   * size, else every durable record). RangeError outside the durable log.
   */
  proveInclusion(seq: number, treeSize?: number): Promise<InclusionProof>
  /** Proves the log of `newSize` records (same default) extends that of `oldSize`. */
  proveConsistency(oldSize: number, newSize?: number): Promise<ConsistencyProof>
}

export interface Config {
  dir: string
  now: () => Date
  segmentMaxBytes: number
  segmentMaxAgeMs: number | undefined
  openSegment: (path: string, flags: 'a' | 'ax') => Promise<SegmentHandle>
  headIntervalMs: number
  checkpointEvery: number
  checkpointIntervalMs: number
  nodeId: string | undefined
  logger: Pick<Logger, 'warn'>
}

/**
 * Opens (or creates) the message log in `dir` and resumes its chain and Merkle tree. A partial
 * last line (a crash mid-write) is moved into a quarantine file; a log behind its head.json or
 * its latest checkpoint, or whose rehashed records miss that checkpoint's root, is refused with
 * an AuditLogError naming the fault (a full audit is verifyAuditLog's job: open reads only the
 * tail and trusts leaf sidecars that fit). With `logKey`, it signs checkpoints.
 *
 * @example
 * const log = await createAuditLog({ dir: '.kopuro/audit', logKey, nodeId: 'KG/GOV/70000001/gw1' })
 * const { seq } = await log.append(record) // durable from here on
 */
export async function createAuditLog(options: AuditLogOptions): Promise<AuditLog> {
  const config = resolveOptions(options)
  const signer = options.logKey ? await createLogSigner(options.logKey) : undefined
  await makeDir(config.dir)
  const retained = await readRetained(config.dir)
  const segments = await listSegments(config.dir)
  const tail = await findTail(config, segments, retained)
  await checkHead(config.dir, tail)
  const latest = await latestCheckpoint(config)
  const openIndex = segments.at(-1)?.index ?? (retained?.throughSegment ?? 0) + 1
  const log = { dir: config.dir, segments, openIndex, size: tail?.seq ?? 0, retained, latest }
  const { tree, openSegmentSince } = await openLogTree({ ...log, onError: warnDerived(config) })
  const segment = await openCurrentSegment(config, segments, openIndex)
  segment.since = openSegmentSince
  const checkpointer = signer && createCheckpointer(config, signer, tree, latest)
  return new GroupCommitLog(config, segment, tail, { tree, checkpointer, latest })
}

function createCheckpointer(
  config: Config,
  signer: LogSigner,
  tree: { size: number; root(): Buffer },
  latest: SignedCheckpoint | undefined,
): (onError: (cause: unknown) => void) => Checkpointer {
  return (onError) =>
    new Checkpointer({
      dir: config.dir,
      signer,
      tree,
      every: config.checkpointEvery,
      intervalMs: config.checkpointIntervalMs,
      now: config.now,
      node: config.nodeId,
      latest,
      onError,
    })
}

function resolveOptions(options: AuditLogOptions): Config {
  if (typeof options?.dir !== 'string' || options.dir === '') {
    throw new TypeError('createAuditLog: options.dir must be a directory path')
  }
  return {
    dir: resolve(options.dir),
    now: options.now ?? (() => new Date()),
    segmentMaxBytes: positive(
      options.segmentMaxBytes,
      DEFAULT_SEGMENT_MAX_BYTES,
      'segmentMaxBytes',
    ),
    segmentMaxAgeMs:
      options.segmentMaxAgeMs === undefined
        ? undefined
        : positive(options.segmentMaxAgeMs, 0, 'segmentMaxAgeMs'),
    openSegment: options.openSegment ?? ((path, flags) => open(path, flags, PRIVATE_FILE_MODE)),
    headIntervalMs: options.headIntervalMs ?? 1000,
    checkpointEvery: positive(options.checkpointEvery, DEFAULT_CHECKPOINT_EVERY, 'checkpointEvery'),
    checkpointIntervalMs: positive(
      options.checkpointIntervalMs,
      DEFAULT_CHECKPOINT_INTERVAL_MS,
      'checkpointIntervalMs',
    ),
    nodeId: options.nodeId,
    logger: options.logger ?? createLogger({ name: 'audit-log' }),
  }
}

function positive(value: number | undefined, fallback: number, name: string): number {
  const result = value ?? fallback
  if (!Number.isSafeInteger(result) || result < 1) {
    throw new TypeError(`createAuditLog: options.${name} must be a positive integer`)
  }
  return result
}

/** The tree's sidecar files are derived data: failing to write one costs a rehash on open. */
function warnDerived(config: Config): (error: unknown) => void {
  return (error) =>
    config.logger.warn(
      { code: (error as { code?: unknown }).code },
      'audit log: a Merkle sidecar file could not be written; it is rebuilt on the next open',
    )
}
