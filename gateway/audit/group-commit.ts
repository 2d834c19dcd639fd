// Group commit for the message log: one writer batches queued records into one write + datasync.
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { AuditLogError } from './audit-log-error.js'
import type { AppendResult, AuditLog, AuditLogStats, Config, SegmentHandle } from './audit-log.js'
import type { AuditRecordInput } from './audit-record.js'
import { syncDir, writeHead } from './log-files.js'
import { GENESIS_HASH, segmentName, serializeRecord } from './log-format.js'
import type { LogHead } from './log-format.js'

/** The segment being appended to. */
export interface Segment {
  index: number
  handle: SegmentHandle
  size: number
}

interface Pending extends LogHead {
  bytes: Buffer
  resolve: (result: AppendResult) => void
  reject: (error: unknown) => void
}

/** Creates segment `index` (failing if it exists) and makes its directory entry durable. */
export async function createSegment(config: Config, index: number): Promise<Segment> {
  const handle = await config.openSegment(join(config.dir, segmentName(index)), 'ax')
  await syncDir(config.dir)
  return { index, handle, size: 0 }
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
  #segment: Segment

  constructor(config: Config, segment: Segment, tail: LogHead | undefined) {
    this.#config = config
    this.#segment = segment
    this.#tail = tail ?? { seq: 0, hash: GENESIS_HASH }
    this.#durable = tail
    this.#head = new HeadWriter(config.dir, config.headIntervalMs, (cause) => this.#fail(cause, []))
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
      await writeAll(this.#segment.handle, bytes)
      await this.#segment.handle.datasync()
      this.#segment.size += bytes.length
    } catch (cause) {
      this.#fail(cause, batch)
      return
    }
    this.#lastCommitMs = performance.now() - started
    const last = batch.at(-1)!
    this.#durable = { seq: last.seq, hash: last.hash, time: last.time }
    for (const p of batch) p.resolve({ seq: p.seq, hash: p.hash })
    this.#head.update(this.#durable)
  }

  /** Rotates between batches, so a segment may exceed the limit by at most one batch. */
  async #rotateIfFull(): Promise<void> {
    if (this.#segment.size < this.#config.segmentMaxBytes) return
    const previous = this.#segment.handle
    this.#segment = await createSegment(this.#config, this.#segment.index + 1)
    await previous.close()
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

/**
 * Keeps head.json at the last committed record without delaying commits: one write in flight,
 * and at most one per `intervalMs` (each costs a second fsync), plus a final one on close. A cut
 * tail is therefore caught up to the last head written; signed checkpoints cover the rest.
 */
class HeadWriter {
  #wanted: LogHead | undefined
  #written: LogHead | undefined
  #running: Promise<void> = Promise.resolve()
  #active = false
  #timer: NodeJS.Timeout | undefined
  #lastWriteAt = 0
  readonly #dir: string
  readonly #intervalMs: number
  readonly #onError: (cause: unknown) => void

  constructor(dir: string, intervalMs: number, onError: (cause: unknown) => void) {
    this.#dir = dir
    this.#intervalMs = intervalMs
    this.#onError = onError
  }

  update(head: LogHead): void {
    this.#wanted = head
    if (this.#active || this.#timer) return
    const wait = this.#lastWriteAt + this.#intervalMs - performance.now()
    if (wait <= 0) return this.#start()
    this.#timer = setTimeout(() => this.#start(), wait)
    this.#timer.unref()
  }

  /** Writes any pending head now and resolves when nothing is left to write. */
  idle(): Promise<void> {
    if (this.#timer) this.#start()
    return this.#running
  }

  #start(): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
    if (this.#active) return
    this.#active = true
    this.#running = this.#run()
  }

  async #run(): Promise<void> {
    try {
      while (this.#wanted && this.#wanted !== this.#written) {
        const head = this.#wanted
        this.#lastWriteAt = performance.now()
        await writeHead(this.#dir, head)
        this.#written = head
      }
    } catch (cause) {
      this.#onError(cause)
    } finally {
      this.#active = false
    }
  }
}

/** A regular-file write may be short (e.g. the disk filled up); loop until done or an error. */
async function writeAll(handle: SegmentHandle, bytes: Buffer): Promise<void> {
  for (let offset = 0; offset < bytes.length;) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset)
    if (bytesWritten <= 0) throw new Error('write made no progress')
    offset += bytesWritten
  }
}
