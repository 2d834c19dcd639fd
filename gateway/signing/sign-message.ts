// Signs one message's covered components: the part request and response signing share.
import { randomFillSync } from 'node:crypto'
import { GatewayError } from '../lib/errors.js'
import type { ErrorCode } from '../lib/error-codes.js'
import { signBase } from './algorithms.js'
import type { SigningKey } from './keys.js'
import { missingComponent, type CoveredComponent } from './message-components.js'
import { buildSignatureBase, type ComponentLine } from './signature-base.js'
import {
  formatSignature,
  formatSignatureInput,
  formatSignatureParams,
  NONCE,
} from './signature-headers.js'

/** The longest validity a kopuro signature may declare (docs/design.md §2: `expires` ≤ 60 s later). */
export const MAX_TTL_SECONDS = 60

export interface SignOptions {
  /** Unix time in seconds (fractions are dropped). */
  now: number
  /** 16 bytes in base64url; random by default. Fixed only in tests. */
  nonce?: string
  /** Seconds until `expires`, 1–60, default 60. */
  ttl?: number
}

/** What the signer sets on the message, plus what it records in the message log. */
export interface SignedMessage {
  signatureInput: string
  signature: string
  signatureBase: string
  created: number
  expires: number
  nonce: string
  keyid: string
}

/**
 * Signs the components under `tag`. A missing required component is API misuse (TypeError); a
 * value that cannot enter a signature base (not ASCII) raises `invalidCode`, since it came from
 * the party behind this gateway.
 */
export function signMessage(
  components: readonly CoveredComponent[],
  key: SigningKey,
  tag: string,
  options: SignOptions,
  invalidCode: ErrorCode,
): SignedMessage {
  const missing = missingComponent(components)
  if (missing !== undefined) throw new TypeError(`the message has no ${missing} to sign`)
  const created = Math.floor(options.now)
  const expires = created + validTtl(options.ttl)
  const nonce = options.nonce ?? randomNonce()
  if (!Number.isSafeInteger(created) || created < 0) throw new TypeError('now must be Unix seconds')
  if (!NONCE.test(nonce)) throw new TypeError('the nonce must be 16 bytes in base64url')
  const ids = components.map((component) => component.id)
  const signatureParams = formatSignatureParams(ids, {
    created,
    expires,
    nonce,
    keyid: key.keyid,
    alg: key.alg,
    tag,
  })
  let signatureBase: string
  try {
    // Every value is present (checked above), so each component is a complete line.
    signatureBase = buildSignatureBase(components as readonly ComponentLine[], signatureParams)
  } catch (cause) {
    throw new GatewayError(invalidCode, { cause })
  }
  const signature = formatSignature(signBase(key.alg, key.key, signatureBase))
  const signatureInput = formatSignatureInput(signatureParams)
  return { signatureInput, signature, signatureBase, created, expires, nonce, keyid: key.keyid }
}

const NONCE_BYTES = 16
// One OpenSSL call per 256 nonces instead of one per request; nonces are public, not secrets.
const noncePool = Buffer.allocUnsafe(NONCE_BYTES * 256)
let nonceOffset = noncePool.length

function randomNonce(): string {
  if (nonceOffset === noncePool.length) {
    randomFillSync(noncePool)
    nonceOffset = 0
  }
  const nonce = noncePool.toString('base64url', nonceOffset, nonceOffset + NONCE_BYTES)
  nonceOffset += NONCE_BYTES
  return nonce
}

function validTtl(ttl: number | undefined): number {
  if (ttl === undefined) return MAX_TTL_SECONDS
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TTL_SECONDS) {
    throw new TypeError(`ttl must be an integer from 1 to ${MAX_TTL_SECONDS}`)
  }
  return ttl
}
