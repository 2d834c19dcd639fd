// Signed checkpoints: when they are written, what they sign, and that they only cover durable records.
import { existsSync } from 'node:fs'
import { open, readFile, rm, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import {
  CHECKPOINT_JWS_TYPE,
  createAuditLog,
  merkleRoot,
  verifyCheckpoint,
  verifyAuditLog,
  verifyInclusion,
  type SegmentHandle,
} from '#gateway/audit/index.js'
import { frozenClock, sampleRecord, tempDir } from '../../support/audit-fixtures.js'
import { appendRange, b64, checkpointLines, leafHashes, logKeyPair } from './tree-fixtures.js'

const NODE = 'KG/GOV/70000001/gw1'

describe('checkpoints', () => {
  it('signs a tree head every N records and one for the tail on close', async () => {
    const dir = await tempDir()
    const { privateJwk, publicJwk } = await logKeyPair()
    const log = await createAuditLog({
      dir,
      now: frozenClock,
      logKey: privateJwk,
      nodeId: NODE,
      checkpointEvery: 10,
    })
    // A checkpoint covers what is durable when it is signed: let each land before the next record.
    for (let n = 1; n <= 25; n++) {
      await log.append(sampleRecord(n))
      if (n % 10 === 0) await vi.waitFor(() => expect(log.latestCheckpoint()?.size).toBe(n))
    }
    await log.close()

    const lines = await checkpointLines(dir)
    expect(lines.map((l) => l.size)).toEqual([10, 20, 25])
    const leaves = await leafHashes(dir)
    for (const line of lines) {
      const head = await verifyCheckpoint(line.jws, { publicJwk })
      expect(head).toMatchObject({ size: line.size, root: line.root, node: NODE })
      expect(head.kid).toBe(privateJwk.kid)
      expect(b64(head.root)).toEqual(merkleRoot(leaves.slice(0, line.size)))
    }
    const header = JSON.parse(Buffer.from(lines[0]!.jws.split('.')[0]!, 'base64url').toString())
    expect(header).toEqual({
      alg: 'EdDSA',
      typ: CHECKPOINT_JWS_TYPE,
      kid: privateJwk.kid,
      jwk: { kty: 'OKP', crv: 'Ed25519', x: publicJwk.x },
    })
  })

  it('signs after the interval when fewer than N records came', async () => {
    const dir = await tempDir()
    const { privateJwk } = await logKeyPair()
    const log = await createAuditLog({ dir, logKey: privateJwk, checkpointIntervalMs: 30 })
    await appendRange(log, 1, 3)
    expect(log.latestCheckpoint()).toBeUndefined()
    await vi.waitFor(() => expect(log.latestCheckpoint()?.size).toBe(3))
    await log.append(sampleRecord(4))
    await vi.waitFor(() => expect(log.latestCheckpoint()?.size).toBe(4))
    await log.close()
    expect((await checkpointLines(dir)).map((l) => l.size)).toEqual([3, 4])
  })

  it('writes no checkpoints without a log key, and refuses a key that cannot sign', async () => {
    const dir = await tempDir()
    const log = await createAuditLog({ dir, now: frozenClock })
    await appendRange(log, 1, 3)
    await log.close()
    expect(log.latestCheckpoint()).toBeUndefined()
    expect(existsSync(join(dir, 'checkpoints.jsonl'))).toBe(false)
    const { publicJwk } = await logKeyPair()
    await expect(createAuditLog({ dir, logKey: publicJwk })).rejects.toThrow(TypeError)
    await expect(createAuditLog({ dir, checkpointEvery: 0 })).rejects.toThrow(TypeError)
  })

  it('proves inclusion against the latest checkpoint by default, and resumes it on reopen', async () => {
    const dir = await tempDir()
    const { privateJwk } = await logKeyPair()
    const options = { dir, now: frozenClock, logKey: privateJwk, checkpointEvery: 5 }
    const log = await createAuditLog(options)
    for (let n = 1; n <= 7; n++) {
      await log.append(sampleRecord(n))
      if (n === 5) await vi.waitFor(() => expect(log.latestCheckpoint()?.size).toBe(5))
    }
    const proof = await log.proveInclusion(3)
    expect(proof).toMatchObject({ seq: 3, treeSize: 5, root: log.latestCheckpoint()!.root })
    const { leafHash, path, root } = proof
    expect(verifyInclusion(b64(leafHash), 2, 5, path.map(b64), b64(root))).toBe(true)
    expect(await log.proveInclusion(7)).toMatchObject({ treeSize: 7 })
    await log.close()

    const reopened = await createAuditLog(options)
    expect(reopened.latestCheckpoint()).toMatchObject({ size: 7 })
    expect(await reopened.proveConsistency(5)).toMatchObject({ oldSize: 5, newSize: 7 })
    await reopened.close()
  })

  it('never signs a record that is not durable yet, nor one whose sync failed', async () => {
    const dir = await tempDir()
    const { privateJwk } = await logKeyPair()
    let release: () => void = () => {}
    let syncs = 0
    const openSegment = async (path: string, flags: 'a' | 'ax'): Promise<SegmentHandle> => {
      const file = await open(path, flags)
      return {
        write: (b, o, l) => file.write(b, o, l),
        async datasync() {
          syncs += 1
          if (syncs === 2) await new Promise<void>((r) => (release = r))
          if (syncs === 3) throw Object.assign(new Error('EIO'), { code: 'EIO' })
          return file.datasync()
        },
        close: () => file.close(),
      }
    }
    const options = { dir, now: frozenClock, openSegment, logKey: privateJwk, checkpointEvery: 1 }
    const log = await createAuditLog(options)
    await log.append(sampleRecord(1))
    await vi.waitFor(() => expect(log.latestCheckpoint()?.size).toBe(1))
    const second = log.append(sampleRecord(2))
    await new Promise((r) => setTimeout(r, 50))
    expect(log.latestCheckpoint()?.size).toBe(1)
    release()
    await second
    await vi.waitFor(() => expect(log.latestCheckpoint()?.size).toBe(2))
    await expect(log.append(sampleRecord(3))).rejects.toMatchObject({ code: 'write_failed' })
    await log.close()
    expect((await checkpointLines(dir)).map((l) => l.size)).toEqual([1, 2])
  })
})

describe('opening a log against its checkpoints', () => {
  async function signedLog() {
    const dir = await tempDir()
    const { privateJwk } = await logKeyPair()
    const log = await createAuditLog({ dir, now: frozenClock, logKey: privateJwk })
    await appendRange(log, 1, 10)
    await log.close()
    return { dir, segment: join(dir, 'segment-000001.jsonl'), privateJwk }
  }

  it('refuses a log whose records, once rehashed, no longer produce the signed root', async () => {
    const { dir, segment } = await signedLog()
    // Open trusts the leaf sidecars that fit; without them it rehashes the records.
    await rm(join(dir, 'tree'), { recursive: true })
    await writeFile(
      segment,
      (await readFile(segment, 'utf8')).replace('/persons/3"', '/persons/8"'),
    )
    await expect(createAuditLog({ dir })).rejects.toMatchObject({ code: 'head_mismatch' })
  })

  it('refuses a log cut below its checkpoint, even without head.json', async () => {
    const { dir, segment } = await signedLog()
    await unlink(join(dir, 'head.json'))
    const lines = (await readFile(segment, 'utf8')).split('\n')
    await writeFile(segment, `${lines.slice(0, 8).join('\n')}\n`)
    await expect(createAuditLog({ dir })).rejects.toMatchObject({ code: 'truncated' })
  })

  it('refuses a checkpoints file whose last line is not a checkpoint', async () => {
    const { dir } = await signedLog()
    await writeFile(join(dir, 'checkpoints.jsonl'), '{"jws":"x.y.z"}\n', { flag: 'a' })
    await expect(createAuditLog({ dir })).rejects.toMatchObject({ code: 'malformed' })
  })

  it('quarantines a checkpoint torn by a crash and signs again from the log', async () => {
    const { dir, privateJwk } = await signedLog()
    await writeFile(join(dir, 'checkpoints.jsonl'), '{"size":11,"root":"', { flag: 'a' })
    const log = await createAuditLog({ dir, logKey: privateJwk, logger: { warn: () => {} } })
    expect(log.latestCheckpoint()?.size).toBe(10)
    await appendRange(log, 11, 12)
    await log.close()
    expect((await checkpointLines(dir)).map((l) => l.size)).toEqual([10, 12])
    expect(await verifyAuditLog(dir)).toMatchObject({ ok: true, checkpoints: 2 })
    expect((await verifyAuditLog(dir)).quarantined).toHaveLength(1)
  })
})
