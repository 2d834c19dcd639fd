// The message log's types: its options, its interface, and the parts its writer and opener share
// (docs/design.md §5). Types only, so the writer (group-commit.ts) and the opener (open-log.ts)
// depend on this file and never on each other.
import type { JWK } from 'jose'
import type { DataSyncHandle } from '../../lib/durable-file.js'
import type { Logger } from '../../lib/logger.js'
import type { SignedCheckpoint } from '../checkpoints/checkpoint.js'
import type { Checkpointer } from '../checkpoints/checkpointer.js'
import type { ConsistencyProof, InclusionProof } from '../merkle/log-proofs.js'
import type { LogTree } from '../merkle/log-tree.js'
import type { AuditRecordInput } from './audit-record.js'

/**
 * The part of `fs.promises.FileHandle` the writer uses (durable-file.ts's write-all loop and
 * fdatasync, and close); replaceable so tests can fail I/O.
 */
export interface SegmentHandle extends DataSyncHandle {
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

/** The segment being appended to. */
export interface Segment {
  index: number
  handle: SegmentHandle
  size: number
  /** When its first record was committed (ms since the epoch), for rotation by age. */
  since?: number | undefined
}

/** The Merkle side of the log: the tree over durable records and who signs its heads. */
export interface MerkleParts {
  tree: LogTree
  /** Builds the checkpointer, given how to fail the log; absent without a log key. */
  checkpointer: ((onError: (cause: unknown) => void) => Checkpointer) | undefined
  /** The last checkpoint on file when the log opened. */
  latest: SignedCheckpoint | undefined
}
