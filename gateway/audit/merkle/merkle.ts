// RFC 9162 §2.1 Merkle trees: leaf and node hashes, tree roots, inclusion and consistency proofs.
import { createHash, hash } from 'node:crypto'

/** SHA-256 output size: every leaf hash, node hash, root and proof element is this long. */
export const HASH_SIZE = 32

/** RFC 9162 §2.1.1: the hash of an empty tree is the hash of the empty string. */
export const EMPTY_ROOT: Buffer = createHash('sha256').digest()

/** A subtree over the leaves `start` (inclusive) to `end` (exclusive), 0-based. */
export interface NodeRange {
  start: number
  end: number
}

// One-shot hashing over a reused buffer is about twice as fast as a Hash object with several
// updates, and appends hash every record; larger entries stream instead of growing the buffer.
const SCRATCH_MAX = 64 * 1024
let scratch = Buffer.alloc(4096)
const nodeInput = Buffer.alloc(1 + 2 * HASH_SIZE)

/** RFC 9162 §2.1.1: a leaf is hashed as SHA-256(0x00 ‖ entry). */
export function leafHash(entry: Uint8Array): Buffer {
  const length = entry.length + 1
  if (length > SCRATCH_MAX) return createHash('sha256').update(Buffer.of(0)).update(entry).digest()
  if (scratch.length < length) scratch = Buffer.alloc(Math.max(length, scratch.length * 2))
  scratch[0] = 0x00
  scratch.set(entry, 1)
  return hash('sha256', scratch.subarray(0, length), 'buffer')
}

/** RFC 9162 §2.1.1: an interior node is hashed as SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) {
    return createHash('sha256').update(Buffer.of(1)).update(left).update(right).digest()
  }
  nodeInput[0] = 0x01
  nodeInput.set(left, 1)
  nodeInput.set(right, 1 + HASH_SIZE)
  return hash('sha256', nodeInput, 'buffer')
}

/** RFC 9162 §2.1.1: the largest power of two smaller than `n` (for n > 1), where MTH splits. */
export function splitPoint(n: number): number {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

/**
 * MTH(D[start:end]) over leaf hashes (RFC 9162 §2.1.1), for any size, not only powers of two.
 *
 * @example const root = merkleRoot(records.map((line) => leafHash(line)))
 */
export function merkleRoot(leafHashes: readonly Uint8Array[], start = 0, end?: number): Buffer {
  const stop = end ?? leafHashes.length
  if (start < 0 || stop > leafHashes.length || start > stop) {
    throw new RangeError('merkleRoot: the range is outside the leaves')
  }
  if (stop === start) return EMPTY_ROOT
  return subtreeRoot(leafHashes, start, stop)
}

function subtreeRoot(leafHashes: readonly Uint8Array[], start: number, end: number): Buffer {
  if (end - start === 1) return Buffer.from(leafHashes[start]!)
  const k = splitPoint(end - start)
  return nodeHash(
    subtreeRoot(leafHashes, start, start + k),
    subtreeRoot(leafHashes, start + k, end),
  )
}

/**
 * The subtrees whose roots make up PATH(index, D[0:size]) (RFC 9162 §2.1.3.1), from the leaf's
 * sibling up to the root's other child. Proof producers look the roots up however they store them.
 */
export function inclusionRanges(index: number, size: number): NodeRange[] {
  checkSize(size, 1)
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
    throw new RangeError('inclusion proof: the leaf index is not in the tree')
  }
  const ranges: NodeRange[] = []
  let start = 0
  let end = size
  while (end - start > 1) {
    const k = splitPoint(end - start)
    if (index < start + k) {
      ranges.push({ start: start + k, end })
      end = start + k
    } else {
      ranges.push({ start, end: start + k })
      start += k
    }
  }
  return ranges.reverse()
}

/**
 * The subtrees whose roots make up PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true) (RFC 9162
 * §2.1.4.1). Empty when m is 0 or m equals n: every tree extends those trivially.
 */
export function consistencyRanges(m: number, n: number): NodeRange[] {
  checkSize(n, 0)
  if (!Number.isSafeInteger(m) || m < 0 || m > n) {
    throw new RangeError('consistency proof: the old size must be between 0 and the new size')
  }
  if (m === 0 || m === n) return []
  const ranges: NodeRange[] = []
  let start = 0
  let end = n
  let complete = true
  while (m !== end) {
    const k = splitPoint(end - start)
    if (m <= start + k) {
      ranges.push({ start: start + k, end })
      end = start + k
    } else {
      ranges.push({ start, end: start + k })
      start += k
      complete = false
    }
  }
  // SUBPROOF(m, D[m], false) = {MTH(D[m])}: the old tree's own root is not known to be complete.
  if (!complete) ranges.push({ start, end })
  return ranges.reverse()
}

/**
 * PATH(leafIndex, D[0:treeSize]) over all leaf hashes in memory (RFC 9162 §2.1.3.1).
 *
 * @example const path = inclusionProof(2, 5, leafHashes) // verifyInclusion(leafHashes[2], 2, 5, path, root)
 */
export function inclusionProof(
  leafIndex: number,
  treeSize: number,
  leafHashes: readonly Uint8Array[],
): Buffer[] {
  if (treeSize > leafHashes.length) throw new RangeError('inclusion proof: tree beyond leaves')
  return inclusionRanges(leafIndex, treeSize).map((r) => merkleRoot(leafHashes, r.start, r.end))
}

/**
 * PROOF(m, D[0:n]) over all leaf hashes in memory (RFC 9162 §2.1.4.1).
 *
 * @example verifyConsistency(3, 7, root3, root7, consistencyProof(3, 7, leafHashes)) // true
 */
export function consistencyProof(
  m: number,
  n: number,
  leafHashes: readonly Uint8Array[],
): Buffer[] {
  if (n > leafHashes.length) throw new RangeError('consistency proof: tree beyond leaves')
  return consistencyRanges(m, n).map((r) => merkleRoot(leafHashes, r.start, r.end))
}

/**
 * RFC 9162 §2.1.3.2: checks that `leafHash` is leaf `index` of the tree of `treeSize` leaves
 * whose root is `root`. False (never a throw) for any malformed input.
 */
export function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  treeSize: number,
  path: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!isHash(leafHash) || !isHash(root) || !Array.isArray(path) || !path.every(isHash)) {
    return false
  }
  if (!isIndex(index) || !isIndex(treeSize) || index >= treeSize) return false
  let fn = index
  let sn = treeSize - 1
  let r: Uint8Array = leafHash
  for (const p of path) {
    if (sn === 0) return false
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r)
      while (fn % 2 === 0 && fn !== 0) [fn, sn] = [half(fn), half(sn)]
    } else {
      r = nodeHash(r, p)
    }
    ;[fn, sn] = [half(fn), half(sn)]
  }
  return sn === 0 && Buffer.from(r).equals(root)
}

/**
 * RFC 9162 §2.1.4.2: checks that the tree of `n` leaves with root `rootN` extends the tree of
 * `m` leaves with root `rootM`. With m = n the proof must be empty and the roots equal; with
 * m = 0 it must be empty and `rootM` the empty tree's hash. False for any malformed input.
 */
export function verifyConsistency(
  m: number,
  n: number,
  rootM: Uint8Array,
  rootN: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!isHash(rootM) || !isHash(rootN) || !Array.isArray(proof) || !proof.every(isHash)) {
    return false
  }
  if (!isIndex(m) || !isIndex(n) || m > n) return false
  if (m === 0) return proof.length === 0 && EMPTY_ROOT.equals(rootM)
  if (m === n) return proof.length === 0 && Buffer.from(rootM).equals(rootN)
  if (proof.length === 0) return false
  return walkConsistency(m, n, rootM, rootN, isPowerOfTwo(m) ? [rootM, ...proof] : proof)
}

/** Steps 3 to 7 of RFC 9162 §2.1.4.2, once the old root is prepended where the RFC says. */
function walkConsistency(
  m: number,
  n: number,
  rootM: Uint8Array,
  rootN: Uint8Array,
  path: readonly Uint8Array[],
): boolean {
  let fn = m - 1
  let sn = n - 1
  while (fn % 2 === 1) [fn, sn] = [half(fn), half(sn)]
  let fr: Uint8Array = path[0]!
  let sr: Uint8Array = path[0]!
  for (const c of path.slice(1)) {
    if (sn === 0) return false
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr)
      sr = nodeHash(c, sr)
      while (fn % 2 === 0 && fn !== 0) [fn, sn] = [half(fn), half(sn)]
    } else {
      sr = nodeHash(sr, c)
    }
    ;[fn, sn] = [half(fn), half(sn)]
  }
  return Buffer.from(fr).equals(rootM) && Buffer.from(sr).equals(rootN) && sn === 0
}

export function isPowerOfTwo(n: number): boolean {
  let p = 1
  while (p < n) p *= 2
  return p === n
}

function checkSize(size: number, min: number): void {
  if (!Number.isSafeInteger(size) || size < min) {
    throw new RangeError(`tree size must be an integer of at least ${min}`)
  }
}

/** Halving by division: tree sizes may pass 2^31, where `>>` would wrap. */
function half(n: number): number {
  return Math.floor(n / 2)
}

function isIndex(n: unknown): n is number {
  return Number.isSafeInteger(n) && (n as number) >= 0
}

function isHash(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length === HASH_SIZE
}
