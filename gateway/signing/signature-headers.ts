// Writes and strictly reads kopuro's Signature-Input and Signature fields (RFC 9421 §4.1, §4.2).
import {
  isInnerList,
  parseDictionaryMember,
  serializeByteSequence,
  serializeInnerList,
  serializeString,
  type SfItem,
  type SfParams,
} from './structured-fields.js'

/** The one signature label kopuro writes and accepts. */
export const SIGNATURE_LABEL = 'kopuro'
export const REQUEST_TAG = 'kopuro-request'
export const RESPONSE_TAG = 'kopuro-response'
/** 16 random bytes in base64url: the replay-protection key together with the keyid. */
export const NONCE = /^[A-Za-z0-9_-]{22}$/

/** RFC 9421 §2.3 parameters, all required by kopuro. `alg` is checked by the caller. */
export interface SignatureParams {
  created: number
  expires: number
  nonce: string
  keyid: string
  alg: string
  tag: string
}

export interface ParsedSignature {
  /** The covered component identifiers, as sent. */
  items: readonly SfItem[]
  params: SignatureParams
  /** The inner list re-serialised: the `"@signature-params"` value (RFC 9421 §2.3). */
  signatureParams: string
  signature: Uint8Array
}

/** The serialised inner list, parameters in kopuro's fixed order. */
export function formatSignatureParams(ids: readonly string[], params: SignatureParams): string {
  return (
    `(${ids.join(' ')});created=${params.created};expires=${params.expires}` +
    `;nonce=${serializeString(params.nonce)};keyid=${serializeString(params.keyid)}` +
    `;alg=${serializeString(params.alg)};tag=${serializeString(params.tag)}`
  )
}

export function formatSignatureInput(signatureParams: string): string {
  return `${SIGNATURE_LABEL}=${signatureParams}`
}

export function formatSignature(signature: Uint8Array): string {
  return `${SIGNATURE_LABEL}=${serializeByteSequence(signature)}`
}

/**
 * Parses both fields: each must be a Dictionary of exactly one member labelled `kopuro`, the
 * input an Inner List with exactly kopuro's parameters, the signature a bare Byte Sequence.
 * Throws a SyntaxError otherwise.
 */
export function parseSignatureHeaders(
  signatureInput: string | undefined,
  signature: string | undefined,
): ParsedSignature {
  if (signatureInput === undefined) throw new SyntaxError('no Signature-Input field')
  if (signature === undefined) throw new SyntaxError('no Signature field')
  const input = parseDictionaryMember(signatureInput)
  if (input.key !== SIGNATURE_LABEL) throw new SyntaxError('Signature-Input has a foreign label')
  if (!isInnerList(input.value)) throw new SyntaxError('Signature-Input is not an inner list')
  const output = parseDictionaryMember(signature)
  if (output.key !== SIGNATURE_LABEL) throw new SyntaxError('Signature has a foreign label')
  const bytes = output.value
  if (isInnerList(bytes) || !(bytes.value instanceof Uint8Array) || bytes.params.length > 0) {
    throw new SyntaxError('Signature is not a bare byte sequence')
  }
  return {
    items: input.value.items,
    params: readSignatureParams(input.value.params),
    signatureParams: serializeInnerList(input.value),
    signature: bytes.value,
  }
}

/** Exactly created, expires, nonce, keyid, alg and tag (any order); nothing else. */
function readSignatureParams(params: SfParams): SignatureParams {
  if (params.length !== 6) throw new SyntaxError('wrong number of signature parameters')
  const out: Partial<SignatureParams> = {}
  for (const [key, value] of params) {
    if (key === 'created' || key === 'expires') {
      if (typeof value !== 'number' || value < 0) throw new SyntaxError(`bad ${key}`)
      out[key] = value
    } else if (key === 'nonce' || key === 'keyid' || key === 'alg' || key === 'tag') {
      if (typeof value !== 'string') throw new SyntaxError(`bad ${key}`)
      if (key === 'nonce' && !NONCE.test(value)) throw new SyntaxError('bad nonce')
      out[key] = value
    } else {
      throw new SyntaxError('unknown signature parameter')
    }
  }
  // Six distinct known keys (the parser refuses repeats), so every field is set.
  return out as SignatureParams
}
