// The verifier with signed checkpoints: rewritten chains, cut tails, foreign keys, witness heads.
import { createHash } from 'node:crypto'
import { appendFile, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { calculateJwkThumbprint } from 'jose'
import { describe, expect, it, vi } from 'vitest'
import {
  createAuditLog,
  createLogSigner,
  GENESIS_HASH,
  verifyAuditLog,
} from '#gateway/audit/index.js'
import { frozenClock, sampleRecord, tempDir } from '../../support/audit-fixtures.js'
import { appendRange, checkpointLines, logKeyPair } from './tree-fixtures.js'

const SEGMENT = 'segment-000001.jsonl'

/** Twenty records with checkpoints at 5, 10, 15, 20 under a fresh log key. */
async function signedLog() {
  const dir = await tempDir()
  const keys = await logKeyPair()
  const log = await createAuditLog({
    dir,
    now: frozenClock,
    logKey: keys.privateJwk,
    checkpointEvery: 5,
  })
  for (let n = 1; n <= 20; n++) {
    await log.append(sampleRecord(n))
    // A checkpoint covers whatever is durable when it is signed: let each one land before the
    // next record, so the sizes are exactly 5, 10, 15, 20 however busy the machine is.
    if (n % 5 === 0) await vi.waitFor(() => expect(log.latestCheckpoint()?.size).toBe(n))
  }
  await log.close()
  expect((await checkpointLines(dir)).map((l) => l.size)).toEqual([5, 10, 15, 20])
  return { dir, ...keys, path: join(dir, SEGMENT) }
}

/**
 * What a careful forger does: edit lines, then recompute every `prev` and head.json so the hash
 * chain is whole again. Only the signed checkpoints can tell.
 */
async function forge(dir: string, edit: (lines: string[]) => string[]): Promise<void> {
  const path = join(dir, SEGMENT)
  const lines = edit((await readFile(path, 'utf8')).split('\n').filter((l) => l !== ''))
  let prev = GENESIS_HASH
  const chained = lines.map((line) => {
    const record = { ...JSON.parse(line), prev } as Record<string, unknown>
    const text = JSON.stringify(record)
    prev = createHash('sha256').update(text).digest('base64url')
    return text
  })
  await writeFile(path, chained.map((l) => `${l}\n`).join(''))
  const last = JSON.parse(chained.at(-1)!) as { seq: number; time: string }
  await writeFile(
    join(dir, 'head.json'),
    JSON.stringify({ seq: last.seq, hash: prev, time: last.time }),
  )
}

describe('verifyAuditLog with checkpoints', () => {
  it('passes an intact signed log, with or without the log key', async () => {
    const { dir, publicJwk } = await signedLog()
    const logId = await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: publicJwk.x })
    const result = await verifyAuditLog(dir, { logKey: publicJwk })
    expect(result).toMatchObject({ ok: true, records: 20, checkpoints: 4, unchecked: 0, logId })
    expect(await verifyAuditLog(dir)).toMatchObject({ ok: true, checkpoints: 4, logId })
  })

  it('catches an edit even when the whole chain and head.json were recomputed', async () => {
    const { dir } = await signedLog()
    await forge(dir, (lines) =>
      lines.map((l, i) => (i === 6 ? l.replace('/persons/7"', '/persons/9"') : l)),
    )
    const result = await verifyAuditLog(dir)
    expect(result).toMatchObject({
      ok: false,
      records: 5,
      failure: { kind: 'checkpoint_mismatch', segment: SEGMENT, line: 10, seq: 10 },
    })
    if (!result.ok)
      expect(result.failure.message).toMatch(/records 6\.\.10 .*checkpoints\.jsonl line 2/)
  })

  it('catches a tail cut below the last checkpoint, head.json rewritten to match', async () => {
    const { dir } = await signedLog()
    await forge(dir, (lines) => lines.slice(0, 18))
    expect(await verifyAuditLog(dir)).toMatchObject({
      ok: false,
      records: 15,
      failure: { kind: 'truncated', seq: 19 },
    })
  })

  it('refuses checkpoints signed with another key than the one given', async () => {
    const { dir } = await signedLog()
    const other = await logKeyPair()
    expect(await verifyAuditLog(dir, { logKey: other.publicJwk })).toMatchObject({
      ok: false,
      failure: { kind: 'checkpoint_invalid', segment: 'checkpoints.jsonl', line: 1 },
    })
  })

  it('refuses a checkpoint signed by a second key, even without the log key', async () => {
    const { dir } = await signedLog()
    const other = await createLogSigner((await logKeyPair()).privateJwk)
    const { root, time } = (await checkpointLines(dir)).at(-1)!
    const forged = await other.sign({ size: 20, root, time })
    await appendFile(
      join(dir, 'checkpoints.jsonl'),
      `${JSON.stringify({ size: 20, root, time, jws: forged.jws })}\n`,
    )
    const result = await verifyAuditLog(dir)
    expect(result).toMatchObject({ ok: false, failure: { kind: 'checkpoint_invalid', line: 5 } })
  })

  it('refuses a line whose plain fields differ from its signed checkpoint', async () => {
    const { dir } = await signedLog()
    const path = join(dir, 'checkpoints.jsonl')
    await writeFile(path, (await readFile(path, 'utf8')).replace('{"size":10,', '{"size":11,'))
    expect(await verifyAuditLog(dir)).toMatchObject({
      ok: false,
      failure: { kind: 'checkpoint_invalid', line: 2 },
    })
  })

  it('reports a torn checkpoint line', async () => {
    const { dir } = await signedLog()
    await appendFile(join(dir, 'checkpoints.jsonl'), '{"size":25,')
    expect(await verifyAuditLog(dir)).toMatchObject({
      ok: false,
      failure: { kind: 'torn_tail', segment: 'checkpoints.jsonl', line: 5 },
    })
  })
})

describe('verifyAuditLog against a witness head', () => {
  it('passes when the log holds the head and reproduces its root', async () => {
    const { dir, publicJwk } = await signedLog()
    const head = (await checkpointLines(dir))[2]!.jws
    const result = await verifyAuditLog(dir, { logKey: publicJwk, witnessHead: head })
    expect(result).toMatchObject({ ok: true, records: 20, witness: 15 })
  })

  it('detects a cut tail even when every later checkpoint was removed too', async () => {
    const { dir } = await signedLog()
    const head = (await checkpointLines(dir)).at(-1)!.jws
    await forge(dir, (lines) => lines.slice(0, 12))
    const path = join(dir, 'checkpoints.jsonl')
    const kept = (await readFile(path, 'utf8')).split('\n').slice(0, 2)
    await writeFile(path, `${kept.join('\n')}\n`)
    expect(await verifyAuditLog(dir)).toMatchObject({ ok: true, records: 12 })
    expect(await verifyAuditLog(dir, { witnessHead: head })).toMatchObject({
      ok: false,
      records: 10,
      failure: { kind: 'truncated_vs_witness', seq: 13 },
    })
  })

  it('detects a log rewritten and re-signed since the witness saw it (a fork)', async () => {
    const { dir, privateJwk } = await signedLog()
    const fork = await tempDir()
    const log = await createAuditLog({ dir: fork, now: frozenClock, logKey: privateJwk })
    await appendRange(log, 1, 4)
    await log.append({ ...sampleRecord(5), path: '/forked' })
    await appendRange(log, 6, 20)
    await log.close()
    const head = (await checkpointLines(fork)).at(-1)!.jws
    expect(await verifyAuditLog(dir, { witnessHead: head })).toMatchObject({
      ok: false,
      records: 15,
      failure: { kind: 'witness_mismatch', seq: 20 },
    })
  })

  it('refuses a head that does not verify', async () => {
    const { dir } = await signedLog()
    const head = (await checkpointLines(dir))[0]!.jws
    const tampered = `${head.slice(0, -4)}AAAA`
    expect(await verifyAuditLog(dir, { witnessHead: tampered })).toMatchObject({
      ok: false,
      failure: { kind: 'checkpoint_invalid', segment: 'witness head' },
    })
  })
})
