// RFC 9162 §2.1 Merkle trees: hand-built trees, the CT reference vectors, every proof, forgeries.
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  EMPTY_ROOT,
  MerkleFrontier,
  consistencyProof,
  inclusionProof,
  leafHash,
  merkleRoot,
  nodeHash,
  verifyConsistency,
  verifyInclusion,
} from '#gateway/audit/index.js'

const sha256 = (...parts: Uint8Array[]): Buffer => {
  const hash = createHash('sha256')
  for (const part of parts) hash.update(part)
  return hash.digest()
}
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')
const unhex = (s: string) => Buffer.from(s, 'hex')

// The Certificate Transparency reference inputs (RFC 6962 / RFC 9162 hashing, same tree).
const CT_ENTRIES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map(unhex)
const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
]
const CT_LEAVES = CT_ENTRIES.map((e) => leafHash(e))

const entries = Array.from({ length: 8 }, (_, i) => Buffer.from(`record ${i}`))
const L = entries.map((e) => sha256(Buffer.from([0]), e))
const N = (a: Buffer, b: Buffer) => sha256(Buffer.from([1]), a, b)

/** MTH written out by hand for sizes 1..8 (RFC 9162 §2.1.1: split at the largest power of 2). */
const HAND_ROOTS: Buffer[] = [
  L[0]!,
  N(L[0]!, L[1]!),
  N(N(L[0]!, L[1]!), L[2]!),
  N(N(L[0]!, L[1]!), N(L[2]!, L[3]!)),
  N(N(N(L[0]!, L[1]!), N(L[2]!, L[3]!)), L[4]!),
  N(N(N(L[0]!, L[1]!), N(L[2]!, L[3]!)), N(L[4]!, L[5]!)),
  N(N(N(L[0]!, L[1]!), N(L[2]!, L[3]!)), N(N(L[4]!, L[5]!), L[6]!)),
  N(N(N(L[0]!, L[1]!), N(L[2]!, L[3]!)), N(N(L[4]!, L[5]!), N(L[6]!, L[7]!))),
]

/** A copy of `proof` with one bit of one element flipped. */
function flipped(proof: Buffer[], at: number): Buffer[] {
  return proof.map((p, i) => {
    const copy = Buffer.from(p)
    if (i === at) copy[7]! ^= 0x01
    return copy
  })
}

describe('hashes and roots', () => {
  it('hashes leaves with 0x00 and nodes with 0x01 (RFC 9162 §2.1.1)', () => {
    expect(leafHash(entries[0]!)).toEqual(L[0])
    expect(nodeHash(L[0]!, L[1]!)).toEqual(N(L[0]!, L[1]!))
    expect(EMPTY_ROOT).toEqual(sha256())
  })

  it('matches hand-built roots for sizes 0..8', () => {
    expect(merkleRoot([])).toEqual(EMPTY_ROOT)
    for (let n = 1; n <= 8; n++)
      expect(merkleRoot(L.slice(0, n)), `size ${n}`).toEqual(HAND_ROOTS[n - 1])
  })

  it('matches the Certificate Transparency reference roots', () => {
    for (let n = 0; n <= 8; n++) expect(hex(merkleRoot(CT_LEAVES.slice(0, n)))).toBe(CT_ROOTS[n])
  })

  it('computes the same roots incrementally with the frontier', () => {
    const frontier = new MerkleFrontier()
    expect(frontier.root()).toEqual(EMPTY_ROOT)
    const many = Array.from({ length: 70 }, (_, i) => leafHash(Buffer.from([i, i >> 3])))
    for (const [i, leaf] of many.entries()) {
      frontier.append(leaf)
      expect(frontier.root(), `size ${i + 1}`).toEqual(merkleRoot(many.slice(0, i + 1)))
    }
    expect(frontier.nodes()).toHaveLength(3) // 70 = 64 + 4 + 2
    const copy = new MerkleFrontier(70, frontier.nodes())
    expect(() => new MerkleFrontier(70, frontier.nodes().slice(1))).toThrow(TypeError)
    copy.append(leafHash(Buffer.from('71')))
    frontier.append(leafHash(Buffer.from('71')))
    expect(copy.root()).toEqual(frontier.root())
  })
})

describe('inclusion proofs (RFC 9162 §2.1.3)', () => {
  it('reproduces the reference audit paths', () => {
    expect(inclusionProof(0, 8, CT_LEAVES).map(hex)).toEqual([
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ])
    expect(inclusionProof(5, 8, CT_LEAVES).map(hex)).toEqual([
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ])
  })

  it('builds the hand-computed path for leaf 4 of 7', () => {
    expect(inclusionProof(4, 7, L)).toEqual([L[5], L[6], N(N(L[0]!, L[1]!), N(L[2]!, L[3]!))])
  })

  it('verifies every leaf in every size 1..8 and refuses every forgery', () => {
    for (let n = 1; n <= 8; n++) {
      const root = HAND_ROOTS[n - 1]!
      for (let i = 0; i < n; i++) {
        const path = inclusionProof(i, n, L)
        expect(verifyInclusion(L[i]!, i, n, path, root), `${i}/${n}`).toBe(true)
        for (let at = 0; at < path.length; at++) {
          expect(verifyInclusion(L[i]!, i, n, flipped(path, at), root)).toBe(false)
        }
        expect(verifyInclusion(L[(i + 1) % 8]!, i, n, path, root)).toBe(false)
        if (n > 1) expect(verifyInclusion(L[i]!, (i + 1) % n, n, path, root)).toBe(false)
        // A wrong size, with the root that size really has.
        if (n < 8) expect(verifyInclusion(L[i]!, i, n + 1, path, HAND_ROOTS[n]!)).toBe(false)
        if (i < n - 1) {
          expect(verifyInclusion(L[i]!, i, n - 1, path, HAND_ROOTS[n - 2]!)).toBe(false)
        }
        expect(verifyInclusion(L[i]!, i, n, [...path, L[0]!], root)).toBe(false)
        if (path.length > 0) expect(verifyInclusion(L[i]!, i, n, path.slice(1), root)).toBe(false)
        expect(verifyInclusion(L[i]!, i, n, path, HAND_ROOTS[n % 8]!)).toBe(false)
      }
    }
  })

  it('refuses malformed input without throwing, and misuse with a RangeError', () => {
    const path = inclusionProof(5, 8, CT_LEAVES)
    const root = unhex(CT_ROOTS[8]!)
    expect(verifyInclusion(CT_LEAVES[5]!, 5, 8, path, root)).toBe(true)
    expect(verifyInclusion(Buffer.alloc(31), 5, 8, path, root)).toBe(false)
    expect(verifyInclusion(CT_LEAVES[5]!, 8, 8, path, root)).toBe(false)
    expect(verifyInclusion(CT_LEAVES[5]!, -1, 8, path, root)).toBe(false)
    expect(verifyInclusion(CT_LEAVES[5]!, 5, 8, 'x' as unknown as Buffer[], root)).toBe(false)
    expect(() => inclusionProof(8, 8, CT_LEAVES)).toThrow(RangeError)
    expect(() => inclusionProof(0, 9, CT_LEAVES)).toThrow(RangeError)
  })
})

describe('consistency proofs (RFC 9162 §2.1.4)', () => {
  it('reproduces the reference proofs', () => {
    expect(consistencyProof(2, 8, CT_LEAVES).map(hex)).toEqual([
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ])
    expect(consistencyProof(6, 8, CT_LEAVES).map(hex)).toEqual([
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ])
  })

  it('builds the hand-computed proof from 3 to 7', () => {
    const l01 = N(L[0]!, L[1]!)
    expect(consistencyProof(3, 7, L)).toEqual([L[2], L[3], l01, N(N(L[4]!, L[5]!), L[6]!)])
  })

  it('verifies every pair of sizes 1..8 and refuses every forgery', () => {
    for (let n = 1; n <= 8; n++) {
      for (let m = 1; m <= n; m++) {
        const [rootM, rootN] = [HAND_ROOTS[m - 1]!, HAND_ROOTS[n - 1]!]
        const proof = consistencyProof(m, n, L)
        expect(verifyConsistency(m, n, rootM, rootN, proof), `${m}->${n}`).toBe(true)
        for (let at = 0; at < proof.length; at++) {
          expect(verifyConsistency(m, n, rootM, rootN, flipped(proof, at))).toBe(false)
        }
        if (m === n) continue
        expect(verifyConsistency(m, n, rootN, rootN, proof)).toBe(false)
        expect(verifyConsistency(m, n, rootM, rootM, proof)).toBe(false)
        expect(verifyConsistency(m + 1, n, rootM, rootN, proof)).toBe(false)
        if (n < 8) expect(verifyConsistency(m, n + 1, rootM, HAND_ROOTS[n]!, proof)).toBe(false)
        if (m > 1) expect(verifyConsistency(m - 1, n, HAND_ROOTS[m - 2]!, rootN, proof)).toBe(false)
        expect(verifyConsistency(m, n, rootM, rootN, proof.slice(0, -1))).toBe(false)
        expect(verifyConsistency(m, n, rootM, rootN, [...proof, L[0]!])).toBe(false)
      }
    }
  })

  it('treats the degenerate sizes as the RFC does', () => {
    const [root4, root5] = [HAND_ROOTS[3]!, HAND_ROOTS[4]!]
    expect(verifyConsistency(4, 4, root4, root4, [])).toBe(true)
    expect(verifyConsistency(4, 4, root4, root5, [])).toBe(false)
    expect(verifyConsistency(4, 4, root4, root4, [L[0]!])).toBe(false)
    expect(verifyConsistency(0, 8, EMPTY_ROOT, HAND_ROOTS[7]!, [])).toBe(true)
    expect(verifyConsistency(0, 8, root4, HAND_ROOTS[7]!, [])).toBe(false)
    expect(verifyConsistency(5, 4, root5, root4, [])).toBe(false)
    expect(verifyConsistency(3, 8, HAND_ROOTS[2]!, HAND_ROOTS[7]!, [])).toBe(false)
    expect(() => consistencyProof(5, 3, L)).toThrow(RangeError)
    expect(() => consistencyProof(1, 9, L)).toThrow(RangeError)
  })

  it('verifies every pair in larger trees, where the recursion takes every shape', () => {
    const many = Array.from({ length: 40 }, (_, i) => leafHash(Buffer.from([i, 7 * i])))
    const roots = Array.from({ length: 41 }, (_, n) => merkleRoot(many.slice(0, n)))
    for (let n = 1; n <= 40; n++) {
      for (let m = 0; m <= n; m++) {
        const ok = verifyConsistency(m, n, roots[m]!, roots[n]!, consistencyProof(m, n, many))
        expect(ok, `${m}->${n}`).toBe(true)
      }
      for (let i = 0; i < n; i++) {
        expect(verifyInclusion(many[i]!, i, n, inclusionProof(i, n, many), roots[n]!)).toBe(true)
      }
    }
  })
})
