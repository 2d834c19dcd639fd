// retained.json: what is left of the segments retention removed, so the rest still verifies.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { replaceFile } from '../../lib/durable-file.js'
import { AuditLogError } from './audit-log-error.js'
import { frontierRanges } from '../merkle/merkle-frontier.js'
import { isHashBase64 } from '../checkpoints/checkpoint.js'

export const RETAINED_FILE = 'retained.json'
const VERSION = 1

/**
 * The removed prefix in summary: its last record (`size` is its seq, `prev` its chain hash,
 * which the first kept record must carry), the Merkle frontier over it (base64, as
 * MerkleFrontier holds it, so later roots and proofs still cover seq 1 on), the last removed
 * segment number and the checkpoint that covered every removed record.
 */
export interface Retained {
  version: typeof VERSION
  size: number
  prev: string
  time: string
  frontier: string[]
  throughSegment: number
  checkpoint: { size: number; root: string }
  removedAt: string
}

/** retained.json, or undefined when nothing was ever removed; throws when it is not valid. */
export async function readRetained(dir: string): Promise<Retained | undefined> {
  let text: string
  try {
    text = await readFile(join(dir, RETAINED_FILE), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  const value = parse(text)
  if (!value) throw new AuditLogError('malformed', `${RETAINED_FILE} is not valid`)
  return value
}

/** Replaces retained.json atomically and durably (owner-only, the directory fsync'ed too). */
export async function writeRetained(dir: string, retained: Retained): Promise<void> {
  const temporary = join(dir, `${RETAINED_FILE}.tmp`)
  const text = `${JSON.stringify(retained, null, 2)}\n`
  await replaceFile(join(dir, RETAINED_FILE), text, { temporary })
}

function parse(text: string): Retained | undefined {
  let value: Partial<Retained>
  try {
    value = JSON.parse(text) as Partial<Retained>
  } catch {
    return undefined
  }
  const { version, size, prev, time, frontier, throughSegment, checkpoint } = value ?? {}
  if (version !== VERSION || !Number.isSafeInteger(size) || (size as number) < 1) return undefined
  if (typeof prev !== 'string' || typeof time !== 'string') return undefined
  if (!Number.isSafeInteger(throughSegment) || !Array.isArray(frontier)) return undefined
  if (frontier.length !== frontierRanges(size!).length || !frontier.every(isHashBase64)) {
    return undefined
  }
  const covered = checkpoint && Number.isSafeInteger(checkpoint.size) && checkpoint.size >= size!
  if (!covered || !isHashBase64(checkpoint.root)) return undefined
  return value as Retained
}
