// Shared fixtures for the signing tests: fresh key pairs, a federation request and a key lookup.
import { generateKeyPairSync } from 'node:crypto'
import { expect } from 'vitest'
import { GatewayError } from '#gateway/lib/errors.js'
import type { ErrorCode } from '#gateway/lib/error-codes.js'
import {
  contentDigest,
  importSigningKey,
  importVerifyingKey,
  type HeaderGetter,
  type SignatureAlgorithm,
  type SigningKey,
  type VerifyingKey,
  type VerifyOptions,
} from '#gateway/signing/index.js'

export const NOW = 1_700_000_000
export const SKEW = 30
export const NONCE = 'AAECAwQFBgcICQoLDA0ODw'
export const TARGET_URI =
  'https://gw1.population.kg:8443/r1/KG/GOV/70000001/population/persons/42?x=1'
export const BODY = new TextEncoder().encode('{"name":"Aibek"}')

export interface KeyPair {
  signing: SigningKey
  verifying: VerifyingKey
}

export function createKeyPair(alg: SignatureAlgorithm, kid = `KG/COM/10000001/${alg}`): KeyPair {
  const { privateKey, publicKey } =
    alg === 'ed25519'
      ? generateKeyPairSync('ed25519')
      : generateKeyPairSync('ec', { namedCurve: 'P-256' })
  return {
    signing: importSigningKey({ ...privateKey.export({ format: 'jwk' }), kid }),
    verifying: importVerifyingKey({ ...publicKey.export({ format: 'jwk' }), kid }),
  }
}

/** A POST with a body, a content type and two of the three optional X-Road headers. */
export function requestHeaders(): Record<string, string> {
  return {
    'content-digest': contentDigest(BODY),
    'content-type': 'application/json',
    'x-road-client': 'KG/COM/10000001/kyc-app',
    'x-road-id': 'c1b4e2a0-0b7e-4a43-9d52-9f5f2f7d2a11',
    'x-road-request-id': '0b9d3f4a-1c2e-4f60-8a7b-9c0d1e2f3a4b',
    'x-road-userid': 'KG12345678901',
    'x-road-issue': 'loan-application-7',
  }
}

export function getter(headers: Record<string, string>): HeaderGetter {
  return (name) => (Object.hasOwn(headers, name) ? headers[name] : undefined)
}

/** A directory stand-in: known keys by keyid, anything else raises a distinctive code the tests can spot. */
export function lookupOf(...keys: VerifyingKey[]): VerifyOptions['lookupKey'] {
  return (keyid) => {
    const key = keys.find((k) => k.keyid === keyid)
    if (!key) throw new GatewayError('server.serverproxy.access_denied')
    return key
  }
}

/** Runs `run`, asserts it raised a GatewayError with `code`, and returns it. */
export function expectGatewayError(run: () => unknown, code: ErrorCode): GatewayError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError)
    expect((error as GatewayError).code).toBe(code)
    return error as GatewayError
  }
  return expect.fail(`expected ${code}`)
}

/** The reason a verifier recorded in `cause`. */
export function causeOf(error: GatewayError): string {
  return error.cause instanceof Error ? error.cause.message : String(error.cause)
}
