// Verifies one message's signature in docs/design.md §2's order: the part requests and responses share.
import { GatewayError } from '../lib/errors.js'
import type { ErrorCode } from '../lib/error-codes.js'
import {
  isSignatureAlgorithm,
  SIGNATURE_LENGTH,
  verifyBase,
  type SignatureAlgorithm,
} from './algorithms.js'
import type { VerifyingKey } from './keys.js'
import {
  coverExtraHeaders,
  type CoveredComponent,
  type HeaderGetter,
} from './message-components.js'
import { buildSignatureBase, type ComponentLine } from './signature-base.js'
import { parseSignatureHeaders, type ParsedSignature } from './signature-headers.js'
import { MAX_TTL_SECONDS } from './sign-message.js'
import type { SfItem } from './structured-fields.js'

export interface VerifyOptions {
  /** Unix time in seconds. */
  now: number
  /** Tolerated clock difference between gateways (docs/design.md §2: 30 s by default). */
  skewSeconds: number
  /** Resolves a signer key valid at `created`; throws a GatewayError if unknown or revoked. */
  lookupKey: (keyid: string, alg: SignatureAlgorithm, created: number) => VerifyingKey
}

export interface VerifiedSignature {
  keyid: string
  alg: SignatureAlgorithm
  nonce: string
  created: number
  expires: number
  signatureBase: string
  /** The raw `Signature-Input` field value. */
  signatureInput: string
  /** The raw `Signature` field value (a response covers it as `"signature";req`). */
  signature: string
  /** The lower-case names of the header fields the signature covers, in its order. */
  coveredHeaders: readonly string[]
}

/** What differs between request and response verification. */
export interface VerifyPolicy {
  tag: string
  invalidCode: ErrorCode
  staleCode: ErrorCode
  /** Whether further plain header fields may follow the fixed list (requests: docs/protocol.md §3.5). */
  extraHeaders?: boolean
}

/**
 * Fails closed, cheap checks first: strict parse → tag → algorithm allow-list → exact coverage
 * → freshness → key lookup → signature. The body digest is the caller's (it needs the body).
 */
export function verifyMessage(
  header: HeaderGetter,
  components: readonly CoveredComponent[],
  options: VerifyOptions,
  policy: VerifyPolicy,
): VerifiedSignature {
  const { now, skewSeconds } = options
  if (!Number.isFinite(now) || !Number.isFinite(skewSeconds) || skewSeconds < 0) {
    throw new TypeError('now and skewSeconds must be finite seconds')
  }
  const signatureInput = header('signature-input')
  const signature = header('signature')
  const { parsed, alg } = readSignature(signatureInput, signature, policy)
  const { created, expires, nonce, keyid } = parsed.params
  const covered = coveredComponents(parsed, components, header, policy)
  const signatureBase = rebuildBase(parsed, covered, policy)
  checkFreshness(created, expires, options, policy)
  const key = options.lookupKey(keyid, alg, created)
  // RFC 9421 §3.2: the key must fit the declared algorithm.
  if (key.alg !== alg || key.keyid !== keyid) {
    throw fail(policy.invalidCode, 'the key does not match the declared keyid and alg')
  }
  if (!verifyBase(alg, key.key, signatureBase, parsed.signature)) {
    throw fail(policy.invalidCode, 'the signature does not verify')
  }
  // Both fields were present, or parsing would have failed.
  return {
    keyid,
    alg,
    nonce,
    created,
    expires,
    signatureBase,
    signatureInput: signatureInput!,
    signature: signature!,
    coveredHeaders: covered.filter((c) => !c.req && !c.name.startsWith('@')).map((c) => c.name),
  }
}

/** Strict parse, then the expected tag and an allow-listed algorithm (RFC 9421 §3.2.1). */
function readSignature(
  signatureInput: string | undefined,
  signature: string | undefined,
  policy: VerifyPolicy,
): { parsed: ParsedSignature; alg: SignatureAlgorithm } {
  const parsed = attempt(policy, () => parseSignatureHeaders(signatureInput, signature))
  if (parsed.params.tag !== policy.tag) throw fail(policy.invalidCode, 'unexpected signature tag')
  const alg = parsed.params.alg
  if (!isSignatureAlgorithm(alg)) throw fail(policy.invalidCode, 'algorithm not allowed')
  if (parsed.signature.length !== SIGNATURE_LENGTH) {
    throw fail(policy.invalidCode, 'the signature has the wrong length')
  }
  return { parsed, alg }
}

/**
 * The fixed list for this message, then (requests only) the further header fields the signer
 * listed after it. Anything else in the tail fails here; `rebuildBase` checks the fixed part.
 */
function coveredComponents(
  parsed: ParsedSignature,
  components: readonly CoveredComponent[],
  header: HeaderGetter,
  policy: VerifyPolicy,
): readonly CoveredComponent[] {
  if (!policy.extraHeaders || parsed.items.length <= components.length) return components
  const extras = coverExtraHeaders(parsed.items.slice(components.length), header)
  if (!extras) throw fail(policy.invalidCode, 'the covered components differ from the protocol')
  return [...components, ...extras]
}

/**
 * The covered list must be exactly the protocol's list for this message (docs/protocol.md §3.5):
 * every required component, and each optional header iff present, so nothing is added unsigned.
 */
function rebuildBase(
  parsed: ParsedSignature,
  components: readonly CoveredComponent[],
  policy: VerifyPolicy,
): string {
  if (!coversExactly(parsed.items, components)) {
    throw fail(policy.invalidCode, 'the covered components differ from the protocol')
  }
  const missing = components.find((component) => component.value === undefined)
  if (missing) throw fail(policy.invalidCode, `the message has no ${missing.name}`)
  // Every value is present (checked above), so each component is a complete line.
  const lines = components as readonly ComponentLine[]
  return attempt(policy, () => buildSignatureBase(lines, parsed.signatureParams))
}

function coversExactly(items: readonly SfItem[], components: readonly CoveredComponent[]): boolean {
  if (items.length !== components.length) return false
  for (let i = 0; i < items.length; i++) {
    const { value, params } = items[i]!
    const component = components[i]!
    if (value !== component.name) return false
    const paramsMatch = component.req
      ? params.length === 1 && params[0]![0] === 'req' && params[0]![1] === true
      : params.length === 0
    if (!paramsMatch) return false
  }
  return true
}

/** RFC 9421 §3.2.1 and docs/design.md §2: a window of at most 60 s, `now` inside it give or take skew. */
function checkFreshness(
  created: number,
  expires: number,
  options: VerifyOptions,
  policy: VerifyPolicy,
) {
  if (expires <= created || expires - created > MAX_TTL_SECONDS) {
    throw fail(policy.invalidCode, 'the validity window is empty or longer than allowed')
  }
  const { now, skewSeconds: skew } = options
  if (now < created - skew) throw fail(policy.staleCode, 'created is in the future')
  if (now > expires + skew) throw fail(policy.staleCode, 'the signature has expired')
  if (created < now - MAX_TTL_SECONDS - skew) throw fail(policy.staleCode, 'created is too old')
}

function fail(code: ErrorCode, reason: string): GatewayError {
  return new GatewayError(code, { cause: new Error(reason) })
}

/** Runs a strict parser or builder; its SyntaxError becomes the cause of an invalid signature. */
function attempt<T>(policy: VerifyPolicy, run: () => T): T {
  try {
    return run()
  } catch (cause) {
    throw new GatewayError(policy.invalidCode, { cause })
  }
}
