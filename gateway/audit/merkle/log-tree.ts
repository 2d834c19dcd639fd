// The message log's RFC 9162 Merkle tree: an incremental root, cached subtrees, proofs on demand.
import type { LeafStore } from './leaf-store.js'
import { writeTiles } from './leaf-store.js'
import { MerkleFrontier, frontierRanges } from './merkle-frontier.js'
import {
  HASH_SIZE,
  consistencyRanges,
  inclusionRanges,
  isPowerOfTwo,
  merkleRoot,
  nodeHash,
  splitPoint,
} from './merkle.js'
import type { NodeRange } from './merkle.js'

/** Subtrees of 2^8 = 256 leaves and up are kept in memory: 1/128 of the leaves' 32 bytes. */
export const TILE_HEIGHT = 8
export const TILE_SIZE = 2 ** TILE_HEIGHT

/** What retention leaves of the removed prefix: the frontier over its `size` leaves. */
export interface RetainedTree {
  size: number
  nodes: Buffer[]
}

/**
 * The tree over every record of the log, seq 1 being leaf 0. Appending costs one frontier
 * update (amortised one node hash). A proof needs O(log n) subtree roots: those of 256 leaves
 * and more come from the in-memory rows, smaller ones from at most 256 stored leaf hashes,
 * so a proof never rereads the log. Leaves removed by retention are represented by the
 * frontier retained.json kept, which is all that later roots and proofs need.
 */
export class LogTree {
  readonly #dir: string
  readonly #leaves: LeafStore
  /** `#rows[h - TILE_HEIGHT][j]`: the root of leaves j·2^h to (j+1)·2^h (a hole if unknown). */
  readonly #rows: (Buffer | undefined)[][] = []
  readonly #retained: Map<string, Buffer> = new Map()
  #frontier = new MerkleFrontier()
  #tilesWritten = 0

  constructor(dir: string, leaves: LeafStore, retained?: RetainedTree) {
    this.#dir = dir
    this.#leaves = leaves
    if (retained) {
      const ranges = frontierRanges(retained.size)
      ranges.forEach((r, i) => this.#retained.set(key(r), retained.nodes[i]!))
    }
  }

  /** Leaves (records) in the tree: the durable ones. */
  get size(): number {
    return this.#frontier.size
  }

  /** The current root (RFC 9162 MTH of every durable record), from the frontier. */
  root(): Buffer {
    return this.#frontier.root()
  }

  /** The current frontier, e.g. for retained.json. */
  frontier(): MerkleFrontier {
    return new MerkleFrontier(this.#frontier.size, this.#frontier.nodes())
  }

  append(leaf: Buffer): void {
    this.#leaves.append(leaf)
    this.#frontier.append(leaf, (level, index, hash) => {
      if (level >= TILE_HEIGHT) this.#row(level)[index] = hash
    })
  }

  /** Starts segment `index`; the finished one's leaves and new tiles go to disk meanwhile. */
  startSegment(index: number): void {
    this.#leaves.startSegment(index)
    this.#persistTiles()
  }

  async close(): Promise<void> {
    this.#persistTiles()
    await this.#leaves.close()
  }

  /** MTH(D[0:size]) for any size up to the current one. */
  rootAt(size: number): Promise<Buffer> {
    this.#checkSize(size)
    if (size === this.size) return Promise.resolve(this.root())
    return size === 0 ? Promise.resolve(merkleRoot([])) : this.subtree({ start: 0, end: size })
  }

  /** PATH(index, D[0:size]), RFC 9162 §2.1.3.1. */
  inclusionProof(index: number, size: number): Promise<Buffer[]> {
    this.#checkSize(size)
    return Promise.all(inclusionRanges(index, size).map((r) => this.subtree(r)))
  }

  /** PROOF(m, D[0:n]), RFC 9162 §2.1.4.1. */
  consistencyProof(m: number, n: number): Promise<Buffer[]> {
    this.#checkSize(n)
    return Promise.all(consistencyRanges(m, n).map((r) => this.subtree(r)))
  }

  /** MTH of one subtree: cached, retained, read from ≤ 256 leaves, or split as §2.1.1 does. */
  async subtree(range: NodeRange): Promise<Buffer> {
    const known = this.#known(range)
    if (known) return known
    const { start, end } = range
    if (start >= this.#leaves.start && end - start <= TILE_SIZE) {
      return merkleRoot(split(await this.#leaves.read(start, end)))
    }
    if (end - start === 1) throw new RangeError(`record ${start + 1} was removed by retention`)
    const k = splitPoint(end - start)
    const [left, right] = await Promise.all([
      this.subtree({ start, end: start + k }),
      this.subtree({ start: start + k, end }),
    ])
    return nodeHash(left, right)
  }

  /**
   * Rebuilds the rows and the frontier for `size` leaves on open: `tiles` are the 256-leaf
   * roots trusted from tiles.bin; the rest are computed from stored leaves.
   */
  async restore(size: number, tiles: Buffer): Promise<void> {
    const row = this.#row(TILE_HEIGHT)
    const trusted = Math.min(tiles.length / HASH_SIZE, Math.floor(size / TILE_SIZE))
    for (let j = 0; j < trusted; j++) row[j] = tiles.subarray(j * HASH_SIZE, (j + 1) * HASH_SIZE)
    this.#tilesWritten = trusted
    for (let j = trusted; j < Math.floor(size / TILE_SIZE); j++) {
      const range = { start: j * TILE_SIZE, end: (j + 1) * TILE_SIZE }
      // A tile lost together with retained leaves stays a hole; proofs that need it fail.
      row[j] = await this.subtree(range).catch(() => undefined)
    }
    this.#buildUpperRows(size)
    const nodes = await Promise.all(frontierRanges(size).map((r) => this.subtree(r)))
    this.#frontier = new MerkleFrontier(size, nodes)
  }

  #buildUpperRows(size: number): void {
    for (let h = TILE_HEIGHT + 1; 2 ** h <= size; h++) {
      const below = this.#row(h - 1)
      const row = this.#row(h)
      for (let j = 0; j < Math.floor(size / 2 ** h); j++) {
        const [left, right] = [below[2 * j], below[2 * j + 1]]
        if (left && right) row[j] = nodeHash(left, right)
      }
    }
  }

  #known({ start, end }: NodeRange): Buffer | undefined {
    const width = end - start
    if (width >= TILE_SIZE && isPowerOfTwo(width) && start % width === 0) {
      const cached = this.#rows[Math.log2(width) - TILE_HEIGHT]?.[start / width]
      if (cached) return cached
    }
    return this.#retained.get(key({ start, end }))
  }

  #row(level: number): (Buffer | undefined)[] {
    while (this.#rows.length <= level - TILE_HEIGHT) this.#rows.push([])
    return this.#rows[level - TILE_HEIGHT]!
  }

  /** Appends newly completed tiles to tiles.bin (derived data; a failure is only reported). */
  #persistTiles(): void {
    const row = this.#row(TILE_HEIGHT)
    const tiles: Buffer[] = []
    for (let tile = row[this.#tilesWritten]; tile; tile = row[this.#tilesWritten + tiles.length]) {
      tiles.push(tile)
    }
    if (tiles.length === 0) return
    const from = this.#tilesWritten
    const bytes = Buffer.concat(tiles)
    this.#tilesWritten = from + tiles.length
    this.#leaves.inBackground(() => writeTiles(this.#dir, from, bytes))
  }

  #checkSize(size: number): void {
    if (!Number.isSafeInteger(size) || size < 0 || size > this.size) {
      throw new RangeError(`the log holds ${this.size} records, not ${size}`)
    }
  }
}

function key({ start, end }: NodeRange): string {
  return `${start}:${end}`
}

function split(bytes: Buffer): Buffer[] {
  const hashes: Buffer[] = []
  for (let i = 0; i < bytes.length; i += HASH_SIZE) hashes.push(bytes.subarray(i, i + HASH_SIZE))
  return hashes
}
