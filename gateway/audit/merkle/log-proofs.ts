// Inclusion and consistency proofs over the message log, in the form auditors receive them.
import type { LogTree } from './log-tree.js'

/** RFC 9162 §2.1.3: record `seq` is leaf seq - 1 of the tree of `treeSize` records. */
export interface InclusionProof {
  seq: number
  treeSize: number
  /** Standard base64 of SHA-256(0x00 ‖ the record's line bytes). */
  leafHash: string
  /** The audit path, leaf's sibling first (base64). */
  path: string[]
  /** MTH of the first `treeSize` records (base64): equal to a checkpoint's root of that size. */
  root: string
}

/** RFC 9162 §2.1.4: the tree of `newSize` records extends the tree of `oldSize`. */
export interface ConsistencyProof {
  oldSize: number
  newSize: number
  oldRoot: string
  newRoot: string
  proof: string[]
}

/**
 * The proof that record `seq` is in the tree of `treeSize` records. RangeError when `seq` or
 * `treeSize` is outside the durable log or the record was removed by retention.
 *
 * @example verifyInclusion(b64(p.leafHash), p.seq - 1, p.treeSize, p.path.map(b64), b64(p.root))
 */
export async function proveInclusion(
  tree: LogTree,
  seq: number,
  treeSize: number,
): Promise<InclusionProof> {
  if (!Number.isSafeInteger(seq) || seq < 1 || seq > treeSize) {
    throw new RangeError(`record ${seq} is not in a tree of ${treeSize} records`)
  }
  const [leaf, path, root] = await Promise.all([
    tree.subtree({ start: seq - 1, end: seq }),
    tree.inclusionProof(seq - 1, treeSize),
    tree.rootAt(treeSize),
  ])
  return { seq, treeSize, leafHash: b64(leaf), path: path.map(b64), root: b64(root) }
}

/** The proof that the log of `newSize` records extends the log of `oldSize` (append-only). */
export async function proveConsistency(
  tree: LogTree,
  oldSize: number,
  newSize: number,
): Promise<ConsistencyProof> {
  const [proof, oldRoot, newRoot] = await Promise.all([
    tree.consistencyProof(oldSize, newSize),
    tree.rootAt(oldSize),
    tree.rootAt(newSize),
  ])
  return { oldSize, newSize, oldRoot: b64(oldRoot), newRoot: b64(newRoot), proof: proof.map(b64) }
}

function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64')
}
