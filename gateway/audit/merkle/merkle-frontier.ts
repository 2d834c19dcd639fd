// The right edge of a growing RFC 9162 tree: the roots of its complete subtrees, left to right.
import { EMPTY_ROOT, HASH_SIZE, nodeHash } from './merkle.js'
import type { NodeRange } from './merkle.js'

/** Told about each perfect subtree an append completes: its height, its place in that row. */
export type OnNode = (level: number, index: number, hash: Buffer) => void

/**
 * A compact range over leaves 0..size: one root per set bit of `size`, largest first. Appending
 * a leaf merges equal-sized neighbours (amortised one node hash), and the root of the whole tree
 * folds the stack from the right (at most log2(size) hashes), so a signed tree head never
 * rehashes the log (RFC 9162 §2.1.1's MTH, computed incrementally).
 *
 * @example
 * const frontier = new MerkleFrontier()
 * for (const line of lines) frontier.append(leafHash(line))
 * const root = frontier.root()
 */
export class MerkleFrontier {
  #nodes: Buffer[]
  #size: number

  constructor(size = 0, nodes: readonly Uint8Array[] = []) {
    const expected = frontierRanges(size).length
    if (nodes.length !== expected || !nodes.every((n) => n.length === HASH_SIZE)) {
      throw new TypeError(`a frontier of ${size} leaves holds ${expected} hashes`)
    }
    this.#size = size
    this.#nodes = nodes.map((n) => Buffer.from(n))
  }

  get size(): number {
    return this.#size
  }

  /** The subtree roots, largest (leftmost) first; see frontierRanges for what each covers. */
  nodes(): Buffer[] {
    return [...this.#nodes]
  }

  append(leaf: Buffer, onNode?: OnNode): void {
    let hash = leaf
    let level = 0
    // Each trailing 1 bit of the old size is a subtree of the same height to merge with.
    for (let size = this.#size; size % 2 === 1; size = Math.floor(size / 2)) {
      hash = nodeHash(this.#nodes.pop()!, hash)
      level += 1
      onNode?.(level, (this.#size + 1) / 2 ** level - 1, hash)
    }
    this.#nodes.push(hash)
    this.#size += 1
  }

  /** MTH(D[0:size]): the stack folded from the right, as MTH's recursion splits (§2.1.1). */
  root(): Buffer {
    if (this.#nodes.length === 0) return EMPTY_ROOT
    let root = this.#nodes.at(-1)!
    for (let i = this.#nodes.length - 2; i >= 0; i--) root = nodeHash(this.#nodes[i]!, root)
    return root
  }
}

/** The perfect subtrees a frontier of `size` leaves holds, left to right. */
export function frontierRanges(size: number): NodeRange[] {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError('tree size must be >= 0')
  const ranges: NodeRange[] = []
  let power = 1
  while (power * 2 <= size) power *= 2
  let start = 0
  for (; power >= 1; power /= 2) {
    if (size - start >= power) {
      ranges.push({ start, end: start + power })
      start += power
    }
  }
  return ranges
}
