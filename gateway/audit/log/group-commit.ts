// Group commit for the message log: one writer batches queued records into one write + datasync.
import { performance } from 'node:perf_hooks'
import { writeDurably } from '../../lib/durable-file.js'
import { AuditLogError } from './audit-log-error.js'
import type {
  AppendResult,
  AuditLog,
  AuditLogStats,
  Config,
  MerkleParts,
  Segment,
} from './log-types.js'
import { openNewSegment } from './segment.js'
import type { AuditRecordInput } from './audit-record.js'
import type { SignedCheckpoint } from '../checkpoints/checkpoint.js'
import type { Checkpointer } from '../checkpoints/checkpointer.js'
import { HeadWriter } from './head-writer.js'
import { GENESIS_HASH, serializeRecord } from './log-format.js'
import type { LogHead } from './log-format.js'
import { proveConsistency, proveInclusion } from '../merkle/log-proofs.js'
import type { ConsistencyProof, InclusionProof } from '../merkle/log-proofs.js'
import type { LogTree } from '../merkle/log-tree.js'
import { leafHash } from '../merkle/merkle.js'

interface Pending extends LogHead {
  bytes: Buffer
  resolve: (result: AppendResult) => void
  reject: (error: unknown) => void
}

/**
 * Group commit: append() serialises and chains the record at once, then queues it. One drain
 * loop writes everything queued in a single write and datasyncs it, then settles that batch;
 * records arriving meanwhile form the next batch. head.json follows on its own loop.
 */
export class GroupCommitLog implements AuditLog {
  #queue: Pending[] = []
  #inFlight = 0
  #writing = false
  #drained: Promise<void> = Promise.resolve()
  #failure: AuditLogError | undefined
  #closed: Promise<void> | undefined
  #lastCommitMs = 0
  #tail: { seq: number; hash: string }
  #durable: LogHead | undefined
  readonly #head: HeadWriter
  readonly #config: Config
  readonly #tree: LogTree
  readonly #checkpoints: Checkpointer | undefined
  readonly #latestOnFile: SignedCheckpoint | undefined
  #segment: Segment

  constructor(config: Config, segment: Segment, tail: LogHead | undefined, merkle: MerkleParts) {
    this.#config = config
    this.#segment = segment
    this.#tail = tail ?? { seq: 0, hash: GENESIS_HASH }
    this.#durable = tail
    this.#head = new HeadWriter(config.dir, config.headIntervalMs, (cause) => this.#fail(cause, []))
    this.#tree = merkle.tree
    this.#checkpoints = merkle.checkpointer?.((cause) => this.#fail(cause, []))
    this.#latestOnFile = merkle.latest
  }

  append(record: AuditRecordInput): Promise<AppendResult> {
    if (this.#failure) return Promise.reject(this.#failure)
    if (this.#closed) return Promise.reject(new AuditLogError('closed', 'the log is closed'))
    const seq = this.#tail.seq + 1
    let time: string
    let line: { bytes: Buffer; hash: string }
    try {
      time = this.#config.now().toISOString()
      line = serializeRecord(record, { seq, time, prev: this.#tail.hash })
    } catch (error) {
      return Promise.reject(error)
    }
    this.#tail = { seq, hash: line.hash }
    return new Promise((resolve, reject) => {
      this.#queue.push({ ...line, seq, time, resolve, reject })
      this.#kick()
    })
  }

  close(): Promise<void> {
    this.#closed ??= this.#shutdown()
    return this.#closed
  }

  latestCheckpoint(): SignedCheckpoint | undefined {
    return this.#checkpoints?.latest() ?? this.#latestOnFile
  }

  proveInclusion(seq: number, treeSize?: number): Promise<InclusionProof> {
    return proveInclusion(this.#tree, seq, treeSize ?? this.#defaultSize(seq))
  }

  proveConsistency(oldSize: number, newSize?: number): Promise<ConsistencyProof> {
    return proveConsistency(this.#tree, oldSize, newSize ?? this.#defaultSize(oldSize))
  }

  /** The latest checkpoint's size when it covers `atLeast`, else every durable record. */
  #defaultSize(atLeast: number): number {
    const signed = this.latestCheckpoint()?.size ?? 0
    return signed >= atLeast ? signed : this.#tree.size
  }

  stats(): AuditLogStats {
    return {
      seq: this.#durable?.seq ?? 0,
      pending: this.#queue.length + this.#inFlight,
      lastCommitMs: this.#lastCommitMs,
      failed: this.#failure !== undefined,
    }
  }

  async #shutdown(): Promise<void> {
    await this.#drained
    await this.#head.idle()
    await this.#checkpoints?.close(!this.#failure)
    await this.#tree.close()
    await this.#segment.handle.close()
  }

  #kick(): void {
    if (this.#writing) return
    this.#writing = true
    this.#drained = this.#drain()
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0 && !this.#failure) {
        const batch = this.#queue
        this.#queue = []
        this.#inFlight = batch.length
        await this.#commit(batch)
        this.#inFlight = 0
      }
    } finally {
      this.#writing = false
    }
  }

  async #commit(batch: Pending[]): Promise<void> {
    const started = performance.now()
    try {
      await this.#rotateIfFull()
      const bytes = batch.length === 1 ? batch[0]!.bytes : Buffer.concat(batch.map((p) => p.bytes))
      // A write may be short (e.g. the disk filled up): writeDurably loops until done.
      await writeDurably(this.#segment.handle, bytes)
      this.#segment.size += bytes.length
    } catch (cause) {
      this.#fail(cause, batch)
      return
    }
    this.#lastCommitMs = performance.now() - started
    const last = batch.at(-1)!
    this.#durable = { seq: last.seq, hash: last.hash, time: last.time }
    this.#segment.since ??= Date.parse(batch[0]!.time)
    // RFC 9162 §2.1.1: the leaf is the record line's bytes; the tree holds durable records only.
    for (const p of batch) this.#tree.append(leafHash(p.bytes.subarray(0, p.bytes.length - 1)))
    for (const p of batch) p.resolve({ seq: p.seq, hash: p.hash })
    this.#head.update(this.#durable)
    this.#checkpoints?.update()
  }

  /** Rotates between batches, so a segment may exceed the limit by at most one batch. */
  async #rotateIfFull(): Promise<void> {
    if (!this.#segmentIsFull()) return
    const previous = this.#segment.handle
    this.#segment = await openNewSegment(this.#config, this.#segment.index + 1)
    this.#tree.startSegment(this.#segment.index)
    await previous.close()
  }

  /** Full by size, or (with segmentMaxAgeMs) holding a record older than that. */
  #segmentIsFull(): boolean {
    const { segmentMaxBytes, segmentMaxAgeMs, now } = this.#config
    if (this.#segment.size >= segmentMaxBytes) return true
    const since = this.#segment.since
    if (segmentMaxAgeMs === undefined || since === undefined || this.#segment.size === 0) {
      return false
    }
    return now().getTime() - since >= segmentMaxAgeMs
  }

  /**
   * After a failed write or sync nothing more is written: what reached the disk is unknown, and
   * appending after it could break the chain. Every unsettled append rejects.
   */
  #fail(cause: unknown, batch: Pending[]): void {
    this.#failure ??= new AuditLogError('write_failed', 'the log could not be written', { cause })
    const rejected = [...batch, ...this.#queue]
    this.#queue = []
    for (const p of rejected) p.reject(this.#failure)
  }
}
