// The log's own tree: proofs match trees recomputed from the files, across segments and reopens.
import { readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  createAuditLog,
  merkleRoot,
  verifyConsistency,
  verifyInclusion,
  type AuditLog,
} from '#gateway/audit/index.js'
import { frozenClock, tempDir } from '../../support/audit-fixtures.js'
import { appendRange, b64, leafHashes, logKeyPair } from './tree-fixtures.js'

/** Checks a sample of inclusion proofs of `log` against leaves recomputed from the files. */
async function expectInclusionProofs(log: AuditLog, dir: string, sizes: number[]) {
  const leaves = await leafHashes(dir)
  for (const size of sizes) {
    const root = merkleRoot(leaves.slice(0, size))
    for (const seq of new Set(
      [1, 2, Math.ceil(size / 2), size - 1, size].filter((s) => s >= 1 && s <= size),
    )) {
      const proof = await log.proveInclusion(seq, size)
      expect(b64(proof.root)).toEqual(root)
      expect(b64(proof.leafHash)).toEqual(leaves[seq - 1])
      const ok = verifyInclusion(b64(proof.leafHash), seq - 1, size, proof.path.map(b64), root)
      expect(ok, `seq ${seq} in ${size}`).toBe(true)
    }
  }
}

async function expectConsistencyProofs(log: AuditLog, dir: string, pairs: [number, number][]) {
  const leaves = await leafHashes(dir)
  for (const [m, n] of pairs) {
    const p = await log.proveConsistency(m, n)
    const [rootM, rootN] = [merkleRoot(leaves.slice(0, m)), merkleRoot(leaves.slice(0, n))]
    expect([b64(p.oldRoot), b64(p.newRoot)]).toEqual([rootM, rootN])
    expect(verifyConsistency(m, n, rootM, rootN, p.proof.map(b64)), `${m}->${n}`).toBe(true)
  }
}

const SIZES = [1, 2, 3, 255, 256, 257, 511, 512, 600]
const PAIRS: [number, number][] = [
  [1, 600],
  [3, 7],
  [255, 257],
  [256, 512],
  [300, 600],
  [599, 600],
  [600, 600],
]

describe('the log tree', () => {
  it('proves inclusion and consistency over 600 records in many segments', async () => {
    const dir = await tempDir()
    const log = await createAuditLog({ dir, now: frozenClock, segmentMaxBytes: 40_000 })
    for (let n = 1; n <= 600; n += 50) await appendRange(log, n, n + 49)
    await expectInclusionProofs(log, dir, SIZES)
    await expectConsistencyProofs(log, dir, PAIRS)
    await log.close()
    const segments = (await readdir(dir)).filter((n) => n.startsWith('segment-'))
    expect(segments.length).toBeGreaterThan(3)
  })

  it('keeps one sidecar of 32-byte leaf hashes per segment and the 256-leaf tiles', async () => {
    const dir = await tempDir()
    const log = await createAuditLog({ dir, now: frozenClock, segmentMaxBytes: 40_000 })
    await appendRange(log, 1, 600)
    await appendRange(log, 601, 620)
    await log.close()
    const sidecars = (await readdir(join(dir, 'tree'))).filter((n) => n.endsWith('.leaves'))
    const segments = (await readdir(dir)).filter((n) => n.startsWith('segment-'))
    expect(sidecars).toHaveLength(segments.length)
    const sizes = await Promise.all(
      sidecars.map(async (n) => (await readFile(join(dir, 'tree', n))).length),
    )
    expect(sizes.reduce((a, b) => a + b)).toBe(620 * 32)
    expect((await readFile(join(dir, 'tree', 'tiles.bin'))).length).toBe(2 * 32)
  })

  it('gives the same proofs after reopening, after losing the sidecars, and as it grows', async () => {
    const dir = await tempDir()
    const first = await createAuditLog({ dir, now: frozenClock, segmentMaxBytes: 40_000 })
    await appendRange(first, 1, 520)
    await first.close()
    const reopened = await createAuditLog({ dir, now: frozenClock, segmentMaxBytes: 40_000 })
    await expectInclusionProofs(reopened, dir, [257, 520])
    await appendRange(reopened, 521, 600)
    await expectInclusionProofs(reopened, dir, SIZES)
    await reopened.close()
    await rm(join(dir, 'tree'), { recursive: true })
    const rebuilt = await createAuditLog({ dir, now: frozenClock, segmentMaxBytes: 40_000 })
    await expectConsistencyProofs(rebuilt, dir, PAIRS)
    await rebuilt.close()
  })

  it('rebuilds stale derived files from the records when they miss the signed root', async () => {
    const dir = await tempDir()
    const { privateJwk } = await logKeyPair()
    const options = { dir, now: frozenClock, logKey: privateJwk, segmentMaxBytes: 40_000 }
    const log = await createAuditLog(options)
    await appendRange(log, 1, 600)
    await log.close()
    await writeFile(join(dir, 'tree', 'tiles.bin'), Buffer.alloc(64, 0xee))
    const sidecar = (await readdir(join(dir, 'tree'))).find((n) => n.endsWith('.leaves'))!
    await writeFile(join(dir, 'tree', sidecar), Buffer.alloc(32 * 3, 0xee), { flag: 'r+' })
    const reopened = await createAuditLog(options)
    await expectInclusionProofs(reopened, dir, [256, 600])
    await reopened.close()
  })

  it('refuses proofs outside the durable log with a RangeError', async () => {
    const dir = await tempDir()
    const log = await createAuditLog({ dir, now: frozenClock })
    await appendRange(log, 1, 5)
    await expect(log.proveInclusion(0)).rejects.toThrow(RangeError)
    await expect(log.proveInclusion(6)).rejects.toThrow(RangeError)
    await expect(log.proveInclusion(2, 6)).rejects.toThrow(RangeError)
    await expect(log.proveInclusion(5, 4)).rejects.toThrow(RangeError)
    await expect(log.proveConsistency(4, 6)).rejects.toThrow(RangeError)
    await expect(log.proveConsistency(5, 4)).rejects.toThrow(RangeError)
    await expect(log.proveInclusion(5)).resolves.toMatchObject({ seq: 5, treeSize: 5 })
    await log.close()
  })
})
