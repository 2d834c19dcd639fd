// Request-side helpers: a signed federation request as sent, and one signed with forged parameters.
import { signBase } from '#gateway/signing/algorithms.js'
import {
  buildSignatureBase,
  signRequest,
  verifyRequestSignature,
  type VerifiedSignature,
  type VerifyingKey,
  type VerifyOptions,
} from '#gateway/signing/index.js'
import { coverRequest, type RequestParts } from '#gateway/signing/message-components.js'
import {
  formatSignature,
  formatSignatureInput,
  formatSignatureParams,
  type SignatureParams,
} from '#gateway/signing/signature-headers.js'
import {
  getter,
  lookupOf,
  NONCE,
  NOW,
  requestHeaders,
  SKEW,
  TARGET_URI,
  type KeyPair,
} from './fixtures.js'

export interface Sent {
  method: string
  targetUri: string
  headers: Record<string, string>
}

/** Signs a POST to TARGET_URI at NOW with the fixed NONCE and returns it as sent. */
export function sendRequest(
  pair: KeyPair,
  mutate?: (headers: Record<string, string>) => void,
): Sent {
  const headers = requestHeaders()
  mutate?.(headers)
  const req = { method: 'POST', targetUri: TARGET_URI, header: getter(headers) }
  const signed = signRequest(req, pair.signing, { now: NOW, nonce: NONCE })
  headers['signature-input'] = signed.signatureInput
  headers['signature'] = signed.signature
  return { method: 'POST', targetUri: TARGET_URI, headers }
}

export function requestParts(sent: Sent): RequestParts {
  return { method: sent.method, targetUri: sent.targetUri, header: getter(sent.headers) }
}

/** A verifier at NOW + 5 with SKEW, resolving the given keys. */
export function createVerifier(...keys: VerifyingKey[]) {
  return (sent: Sent, overrides: Partial<VerifyOptions> = {}): VerifiedSignature =>
    verifyRequestSignature(requestParts(sent), {
      now: NOW + 5,
      skewSeconds: SKEW,
      lookupKey: lookupOf(...keys),
      ...overrides,
    })
}

/** Signs with arbitrary parameters, so a check is proven to fire on a genuinely valid signature. */
export function forgeRequest(pair: KeyPair, params: Partial<SignatureParams>): Sent {
  const sent = sendRequest(pair)
  const full: SignatureParams = {
    created: NOW,
    expires: NOW + 60,
    nonce: NONCE,
    keyid: pair.signing.keyid,
    alg: pair.signing.alg,
    tag: 'kopuro-request',
    ...params,
  }
  const components = coverRequest(requestParts(sent))
  const signatureParams = formatSignatureParams(
    components.map((c) => c.id),
    full,
  )
  const lines = components.map((c) => ({ id: c.id, value: c.value! }))
  const base = buildSignatureBase(lines, signatureParams)
  sent.headers['signature-input'] = formatSignatureInput(signatureParams)
  sent.headers['signature'] = formatSignature(signBase(pair.signing.alg, pair.signing.key, base))
  return sent
}
