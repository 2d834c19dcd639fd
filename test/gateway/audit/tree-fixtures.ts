// Merkle helpers for message-log tests: leaves recomputed from the files, log keys, quick appends.
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { createSigningKey, type SigningJwk } from '#certs/index.js'
import { leafHash, type AuditLog } from '#gateway/audit/index.js'
import { sampleRecord } from '../../support/audit-fixtures.js'

/** Every record line of the log in `dir`, in order, read straight from the segment files. */
export async function recordLines(dir: string): Promise<Buffer[]> {
  const names = (await readdir(dir)).filter((n) => /^segment-\d+\.jsonl$/.test(n)).sort()
  const lines: Buffer[] = []
  for (const name of names) {
    const bytes = await readFile(join(dir, name))
    for (let start = 0, end = bytes.indexOf(0x0a); end >= 0; end = bytes.indexOf(0x0a, start)) {
      lines.push(bytes.subarray(start, end))
      start = end + 1
    }
  }
  return lines
}

/** RFC 9162 leaf hashes of every record, computed independently of the log's own tree. */
export async function leafHashes(dir: string): Promise<Buffer[]> {
  return (await recordLines(dir)).map((line) => leafHash(line))
}

/** A fresh Ed25519 log key pair (the private half has a kid). */
export async function logKeyPair(): Promise<{ privateJwk: SigningJwk; publicJwk: SigningJwk }> {
  return createSigningKey({ alg: 'EdDSA' })
}

/** Appends records `from`..`to` concurrently (one group-commit batch or a few), in seq order. */
export async function appendRange(log: AuditLog, from: number, to: number): Promise<void> {
  const appends: Promise<unknown>[] = []
  for (let n = from; n <= to; n++) appends.push(log.append(sampleRecord(n)))
  await Promise.all(appends)
}

/** The checkpoints.jsonl lines of `dir`, parsed. */
export async function checkpointLines(
  dir: string,
): Promise<{ size: number; root: string; time: string; jws: string }[]> {
  const text = await readFile(join(dir, 'checkpoints.jsonl'), 'utf8')
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { size: number; root: string; time: string; jws: string })
}

export const b64 = (value: string): Buffer => Buffer.from(value, 'base64')
