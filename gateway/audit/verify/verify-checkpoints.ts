// The verifier's view of signed tree heads: checkpoints.jsonl and a witness's head, checked.
import { access } from 'node:fs/promises'
import { join } from 'node:path'
import type { JWK } from 'jose'
import { CHECKPOINTS_FILE, checkpointJwsOf } from '../checkpoints/checkpoint-file.js'
import { CheckpointError, verifyCheckpoint } from '../checkpoints/checkpoint.js'
import type { SignedCheckpoint } from '../checkpoints/checkpoint.js'
import { readSegmentLines } from '../log/log-files.js'

/** Where a failure is reported when it concerns the witness's head rather than a log file. */
export const WITNESS_HEAD = 'witness head'

/** A size and root the records must reproduce, and where the claim came from. */
export interface RootClaim {
  size: number
  root: string
  source: 'checkpoint' | 'witness'
  /** The line of checkpoints.jsonl (1-based); 0 for the witness head. */
  line: number
}

export interface CheckpointFailure {
  kind: 'checkpoint_invalid' | 'torn_tail'
  segment: string
  line: number
  message: string
}

export interface LoadedClaims {
  claims: RootClaim[]
  checkpoints: number
  logId: string | undefined
}

/**
 * Verifies every line of checkpoints.jsonl, then the witness head: each is an EdDSA checkpoint
 * JWS (with `logKey` when given; otherwise with its embedded key, and all must then name the
 * same log ID); sizes never go back; a line's plain fields match its signed payload. Returns the
 * size/root claims, sorted by size, for the records to reproduce.
 */
export async function loadRootClaims(
  dir: string,
  options: { logKey?: JWK; witnessHead?: string },
): Promise<LoadedClaims | CheckpointFailure> {
  const state = { logId: undefined as string | undefined, claims: [] as RootClaim[], last: 0 }
  const path = join(dir, CHECKPOINTS_FILE)
  const exists = await access(path).then(
    () => true,
    () => false,
  )
  for await (const line of exists ? readSegmentLines(path) : []) {
    const at = { segment: CHECKPOINTS_FILE, line: line.line }
    if (!line.terminated) {
      return { kind: 'torn_tail', ...at, message: 'the line has no newline (partial write)' }
    }
    const checked = await checkLine(line.bytes, options.logKey, state)
    if (typeof checked === 'string') return { kind: 'checkpoint_invalid', ...at, message: checked }
    state.claims.push({ size: checked.size, root: checked.root, source: 'checkpoint', ...at })
  }
  const checkpoints = state.claims.length
  if (options.witnessHead !== undefined) {
    const at = { segment: WITNESS_HEAD, line: 0 }
    const head = await checkSigned(options.witnessHead, options.logKey, state)
    if (typeof head === 'string') return { kind: 'checkpoint_invalid', ...at, message: head }
    state.claims.push({ size: head.size, root: head.root, source: 'witness', line: 0 })
  }
  const claims = state.claims.sort((a, b) => a.size - b.size)
  return { claims, checkpoints, logId: state.logId }
}

interface ClaimState {
  logId: string | undefined
  last: number
}

/** One checkpoints.jsonl line: a valid signed head, agreeing with its plain fields. */
async function checkLine(
  bytes: Uint8Array,
  logKey: JWK | undefined,
  state: ClaimState,
): Promise<SignedCheckpoint | string> {
  const jws = checkpointJwsOf(bytes)
  if (jws === undefined) return 'not a checkpoint line'
  const checkpoint = await checkSigned(jws, logKey, state)
  if (typeof checkpoint === 'string') return checkpoint
  const plain = JSON.parse(Buffer.from(bytes).toString('utf8')) as Record<string, unknown>
  const { size, root, time } = checkpoint
  if (plain['size'] !== size || plain['root'] !== root || plain['time'] !== time) {
    return 'the line differs from the checkpoint it carries'
  }
  if (size < state.last) return `the size goes back from ${state.last} to ${size}`
  state.last = size
  return checkpoint
}

/** Signature and key: every head must name the key the first one (or `logKey`) names. */
async function checkSigned(
  jws: string,
  logKey: JWK | undefined,
  state: ClaimState,
): Promise<SignedCheckpoint | string> {
  let checkpoint: SignedCheckpoint
  try {
    checkpoint = await verifyCheckpoint(jws, logKey ? { publicJwk: logKey } : {})
  } catch (error) {
    if (error instanceof CheckpointError) return error.message
    throw error
  }
  state.logId ??= checkpoint.logId
  if (checkpoint.logId !== state.logId) {
    return `signed by log ${checkpoint.logId}, earlier heads by ${state.logId}`
  }
  return checkpoint
}
