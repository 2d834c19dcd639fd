// Signed checkpoints: the log's tree head (size, root, time) as a compact JWS under its own key.
import {
  CompactSign,
  calculateJwkThumbprint,
  compactVerify,
  decodeProtectedHeader,
  importJWK,
} from 'jose'
import type { JWK } from 'jose'
import { KopuroError } from '../../lib/errors.js'
import { HASH_SIZE } from '../merkle/merkle.js'

/** The JWS `typ` of a checkpoint; anything else is refused before any key is looked at. */
export const CHECKPOINT_JWS_TYPE = 'kopuro-checkpoint+jws'
const ALGORITHMS = ['EdDSA']

/** A tree head in the RFC 9162 §4.10 sense: the log's size and Merkle root at a time. */
export interface CheckpointBody {
  /** RFC 7638 thumbprint of the log public key: names the log, like RFC 9162's log ID. */
  logId: string
  /** Records covered: seq 1 to `size`. */
  size: number
  /** Standard base64 of MTH(D[0:size]) (RFC 9162 §2.1.1). */
  root: string
  time: string
  /** The gateway node whose log this is. */
  node?: string
}

export interface SignedCheckpoint extends CheckpointBody {
  /** The `kid` of the signing key, as in the JWS header. */
  kid: string
  jws: string
}

/** Why a checkpoint was refused: its form, its key, or its signature. */
export type CheckpointFault = 'malformed' | 'key' | 'signature'

/** A checkpoint that does not verify; the JWS itself is never part of the message. */
export class CheckpointError extends KopuroError<CheckpointFault> {
  constructor(code: CheckpointFault, message: string, options?: { cause?: unknown }) {
    super(code, message, options)
    this.name = 'CheckpointError'
  }
}

export interface LogSigner {
  kid: string
  logId: string
  publicJwk: JWK
  sign(body: Omit<CheckpointBody, 'logId'>): Promise<SignedCheckpoint>
}

/**
 * Prepares the log key (a private Ed25519 JWK with `kid`, separate from the TLS and message
 * signing keys). The public half travels in each checkpoint's `jwk` header, so a witness can
 * compare it with the log key the directory publishes for the node, and an auditor can check
 * that every checkpoint names the same key.
 *
 * @example const signer = await createLogSigner(JSON.parse(await readFile('log-key.jwk', 'utf8')))
 */
export async function createLogSigner(jwk: JWK): Promise<LogSigner> {
  const ok = jwk?.kty === 'OKP' && jwk.crv === 'Ed25519' && typeof jwk.d === 'string'
  if (!ok || typeof jwk.kid !== 'string' || jwk.kid === '') {
    throw new TypeError('createAuditLog: logKey must be a private Ed25519 JWK with a kid')
  }
  const key = await importJWK(jwk, 'EdDSA').catch((cause: unknown) => {
    throw new TypeError('createAuditLog: logKey is not a usable Ed25519 key', { cause })
  })
  const publicJwk = publicLogKey(jwk)
  const logId = await calculateJwkThumbprint(publicJwk, 'sha256')
  const kid = jwk.kid
  const header = { alg: 'EdDSA', typ: CHECKPOINT_JWS_TYPE, kid, jwk: publicJwk }
  return {
    kid,
    logId,
    publicJwk,
    async sign(body) {
      const payload = { logId, size: body.size, root: body.root, time: body.time }
      const full = body.node === undefined ? payload : { ...payload, node: body.node }
      const bytes = new TextEncoder().encode(JSON.stringify(full))
      const jws = await new CompactSign(bytes).setProtectedHeader(header).sign(key)
      return { ...full, kid, jws }
    },
  }
}

/** The members of an Ed25519 public JWK, nothing else (RFC 8037 §2). */
export function publicLogKey(jwk: JWK): JWK {
  return { kty: 'OKP', crv: 'Ed25519', x: jwk.x }
}

/**
 * Verifies a checkpoint JWS: EdDSA and the checkpoint `typ` only; with `publicJwk`, the header
 * key must be that key; without, the embedded key is used and the log ID must be its
 * thumbprint (self-consistent only: the caller compares key IDs across checkpoints).
 *
 * @example const head = await verifyCheckpoint(jws, { publicJwk: pinnedKey })
 */
export async function verifyCheckpoint(
  jws: string,
  options: { publicJwk?: JWK } = {},
): Promise<SignedCheckpoint & { publicJwk: JWK }> {
  const header = checkHeader(jws)
  const embedded = publicLogKey(header.jwk)
  const logId = await thumbprint(embedded)
  if (options.publicJwk && (await thumbprint(publicLogKey(options.publicJwk))) !== logId) {
    throw new CheckpointError('key', 'the checkpoint is signed with another key')
  }
  let payload: Uint8Array
  try {
    const key = await importJWK(options.publicJwk ?? embedded, 'EdDSA')
    ;({ payload } = await compactVerify(jws, key, { algorithms: ALGORITHMS }))
  } catch (cause) {
    throw new CheckpointError('signature', 'the checkpoint signature does not verify', { cause })
  }
  const body = parseBody(payload)
  if (body.logId !== logId) throw new CheckpointError('key', 'logId is not the key thumbprint')
  return { ...body, kid: header.kid, jws, publicJwk: embedded }
}

/** Reads a checkpoint's fields without verifying it (the log's own file, already trusted). */
export function decodeCheckpoint(jws: string): SignedCheckpoint {
  const header = checkHeader(jws)
  const payload = Buffer.from(jws.split('.')[1] ?? '', 'base64url')
  return { ...parseBody(payload), kid: header.kid, jws }
}

/** RFC 8725 §3.1: the algorithm and type are checked before any key is used. */
function checkHeader(jws: string): { kid: string; jwk: JWK } {
  let header: ReturnType<typeof decodeProtectedHeader>
  try {
    header = decodeProtectedHeader(jws)
  } catch (cause) {
    throw new CheckpointError('malformed', 'the checkpoint is not a compact JWS', { cause })
  }
  if (header.alg !== 'EdDSA' || header.typ !== CHECKPOINT_JWS_TYPE) {
    throw new CheckpointError('malformed', 'the checkpoint header is not an EdDSA checkpoint')
  }
  const jwk = header.jwk
  const isKey = jwk?.kty === 'OKP' && jwk.crv === 'Ed25519' && typeof jwk.x === 'string'
  if (!isKey || 'd' in jwk || typeof header.kid !== 'string') {
    throw new CheckpointError('malformed', 'the checkpoint header lacks a public Ed25519 key')
  }
  return { kid: header.kid, jwk }
}

function parseBody(payload: Uint8Array): CheckpointBody {
  let value: Record<string, unknown>
  try {
    value = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>
  } catch (cause) {
    throw new CheckpointError('malformed', 'the checkpoint payload is not JSON', { cause })
  }
  const { logId, size, root, time, node } = value ?? {}
  const valid =
    typeof logId === 'string' &&
    Number.isSafeInteger(size) &&
    (size as number) >= 0 &&
    isHashBase64(root) &&
    typeof time === 'string' &&
    !Number.isNaN(Date.parse(time)) &&
    (node === undefined || typeof node === 'string')
  if (!valid) throw new CheckpointError('malformed', 'the checkpoint payload is not a tree head')
  const body = { logId, size: size as number, root: root as string, time }
  return node === undefined ? body : { ...body, node: node as string }
}

/** Canonical standard base64 of exactly one SHA-256 value. */
export function isHashBase64(value: unknown): value is string {
  if (typeof value !== 'string') return false
  const bytes = Buffer.from(value, 'base64')
  return bytes.length === HASH_SIZE && bytes.toString('base64') === value
}

function thumbprint(jwk: JWK): Promise<string> {
  return calculateJwkThumbprint(jwk, 'sha256')
}
