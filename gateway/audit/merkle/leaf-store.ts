// Where the Merkle leaf hashes live: the open segment's in memory, sealed ones in sidecar files.
import { constants } from 'node:fs'
import { mkdir, open, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { replaceFile, writeDurably } from '../../lib/durable-file.js'
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../../lib/private-files.js'
import { AuditLogError } from '../log/audit-log-error.js'
import { HASH_SIZE } from './merkle.js'

/**
 * Derived data, beside the log in `tree/`: `NNNNNN.leaves` holds segment NNNNNN's leaf hashes
 * (32 bytes per record, in order) and `tiles.bin` the roots of each complete 256-leaf subtree.
 * Both are written durably, but neither is trusted blindly: on open they are checked against the
 * segments and the latest signed checkpoint, and rebuilt from the records when they do not fit.
 */
export const TREE_DIR = 'tree'
export const TILES_FILE = 'tiles.bin'

export function leavesPath(dir: string, segment: number): string {
  return join(dir, TREE_DIR, `${String(segment).padStart(6, '0')}.leaves`)
}

/** The leaf hashes of one segment: leaves `first` to `first + count`, 0-based (seq - 1). */
export interface LeafSpan {
  segment: number
  first: number
  count: number
  /** The hashes while the segment is open; dropped once its sidecar holds them all. */
  memory: HashList | undefined
}

/** 32-byte hashes packed in one growing buffer: no object per record. */
export class HashList {
  #bytes: Buffer
  #count: number

  constructor(bytes: Buffer = Buffer.alloc(0)) {
    this.#count = Math.floor(bytes.length / HASH_SIZE)
    this.#bytes = bytes
  }

  get count(): number {
    return this.#count
  }

  push(hash: Uint8Array): void {
    const end = (this.#count + 1) * HASH_SIZE
    if (end > this.#bytes.length) {
      const grown = Buffer.alloc(Math.max(end, this.#bytes.length * 2, 1024 * HASH_SIZE))
      this.#bytes.copy(grown, 0, 0, this.#count * HASH_SIZE)
      this.#bytes = grown
    }
    this.#bytes.set(hash, this.#count * HASH_SIZE)
    this.#count += 1
  }

  /** Hashes `from` to `to` as one buffer (a view, not a copy). */
  bytes(from = 0, to = this.#count): Buffer {
    return this.#bytes.subarray(from * HASH_SIZE, to * HASH_SIZE)
  }
}

/**
 * The log's leaf hashes by position. Appends go to memory; when a segment is sealed (rotation
 * or close) its hashes are written to its sidecar in the background and then read from there,
 * so memory holds only the open segment's hashes (2 MiB for 64k records).
 */
export class LeafStore {
  readonly #dir: string
  readonly #spans: LeafSpan[]
  readonly #first: number
  readonly #onError: (error: unknown) => void
  #background: Promise<void> = Promise.resolve()

  constructor(dir: string, first: number, spans: LeafSpan[], onError: (e: unknown) => void) {
    this.#dir = dir
    this.#first = first
    this.#spans = spans
    this.#onError = onError
  }

  /** The first leaf still stored (earlier ones were removed by retention). */
  get start(): number {
    return this.#first
  }

  get end(): number {
    const last = this.#spans.at(-1)
    return last ? last.first + last.count : this.#first
  }

  append(hash: Uint8Array): void {
    const span = this.#spans.at(-1)!
    span.memory!.push(hash)
    span.count += 1
  }

  /** Seals the current segment's hashes and starts collecting those of segment `index`. */
  startSegment(index: number): void {
    const sealed = this.#spans.at(-1)
    this.#spans.push({ segment: index, first: this.end, count: 0, memory: new HashList() })
    if (sealed) this.inBackground(() => this.#seal(sealed))
  }

  /** Leaves `start` to `end` as one buffer of 32-byte hashes. */
  async read(start: number, end: number): Promise<Buffer> {
    if (start < this.#first || end > this.end || start > end) {
      throw new RangeError(`leaves ${start}..${end} are not stored`)
    }
    const parts: Buffer[] = []
    for (const span of this.#spans) {
      const from = Math.max(start, span.first) - span.first
      const to = Math.min(end, span.first + span.count) - span.first
      if (from >= to) continue
      const memory = span.memory
      parts.push(memory ? memory.bytes(from, to) : await this.#readFile(span, from, to))
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts)
  }

  /** Writes the open segment's sidecar and waits for background writes (on close). */
  async close(): Promise<void> {
    const open = this.#spans.at(-1)
    if (open?.memory) this.inBackground(() => this.#seal(open, false))
    await this.#background
  }

  /** Runs `write` after earlier background writes; a failure is reported, never thrown. */
  inBackground(write: () => Promise<void>): void {
    this.#background = this.#background.then(write).catch(this.#onError)
  }

  /** Writes a span's sidecar; a sealed span then reads from it and frees its memory. */
  async #seal(span: LeafSpan, dropMemory = true): Promise<void> {
    const memory = span.memory
    if (!memory) return
    await writeLeaves(this.#dir, span.segment, memory.bytes(0, span.count))
    if (dropMemory) span.memory = undefined
  }

  async #readFile(span: LeafSpan, from: number, to: number): Promise<Buffer> {
    const file = await open(leavesPath(this.#dir, span.segment), 'r')
    try {
      const length = (to - from) * HASH_SIZE
      const buffer = Buffer.alloc(length)
      const { bytesRead } = await file.read(buffer, 0, length, from * HASH_SIZE)
      if (bytesRead !== length) {
        throw new AuditLogError('malformed', 'the leaf sidecar is shorter than expected')
      }
      return buffer
    } finally {
      await file.close()
    }
  }
}

/** Replaces a segment's sidecar atomically (readers see the old or the new) and durably. */
export async function writeLeaves(dir: string, segment: number, bytes: Buffer): Promise<void> {
  await mkdir(join(dir, TREE_DIR), { recursive: true, mode: PRIVATE_DIR_MODE })
  const path = leavesPath(dir, segment)
  await replaceFile(path, bytes, { temporary: `${path}.tmp` })
}

/** A sidecar's hashes, or undefined when it is missing or not a whole number of hashes. */
export async function readLeaves(dir: string, segment: number): Promise<Buffer | undefined> {
  const bytes = await readIfExists(leavesPath(dir, segment))
  return bytes && bytes.length % HASH_SIZE === 0 ? bytes : undefined
}

/** tiles.bin as stored (whole hashes only), empty when missing. */
export async function readTiles(dir: string): Promise<Buffer> {
  const bytes = (await readIfExists(join(dir, TREE_DIR, TILES_FILE))) ?? Buffer.alloc(0)
  return bytes.subarray(0, bytes.length - (bytes.length % HASH_SIZE))
}

/** Replaces tiles.bin from tile `from` on with `bytes`, keeping the tiles before it. */
export async function writeTiles(dir: string, from: number, bytes: Buffer): Promise<void> {
  await mkdir(join(dir, TREE_DIR), { recursive: true, mode: PRIVATE_DIR_MODE })
  const flags = constants.O_RDWR | constants.O_CREAT
  const handle = await open(join(dir, TREE_DIR, TILES_FILE), flags, PRIVATE_FILE_MODE)
  try {
    // Cut first, then write and datasync: the file ends as the kept tiles, then `bytes`.
    await handle.truncate(from * HASH_SIZE)
    await writeDurably(handle, bytes, from * HASH_SIZE)
  } finally {
    await handle.close()
  }
}

async function readIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}
