// Builds and signs a registration request with the node's new message-signing key (docs/protocol.md §5.6).
import { randomBytes } from 'node:crypto'
import { calculateJwkThumbprint, CompactSign, importJWK, type JWK } from 'jose'
import type { Clock } from '../../lib/clock.js'
import {
  REGISTRATION_JWS_TYPE,
  type PublicEd25519Jwk,
  type RegistrationPayload,
} from './registration-request.js'

export interface RegistrationInput {
  member: { id: string; name?: string }
  node: { code: string; federationUrl: string; host: string }
  /** The node's PEM PKCS#10 request (`keys/tls.csr.pem`). */
  csrPem: string
  /** The node's private Ed25519 message-signing JWK: it signs the request. */
  signingKey: JWK
  /** The node's log key; only its public half is sent. */
  logKey: JWK
  subsystems?: { code: string; name?: string }[]
  services?: { id: string; title: string; contractDigest?: string }[]
  now?: Clock
  /** Test seam: a fixed nonce (base64url of 16 bytes). */
  nonce?: string
}

export interface SignedRegistrationRequest {
  /** The compact JWS, the body of `POST /registrations`. */
  jws: string
  payload: RegistrationPayload
}

/**
 * The request's payload and its compact JWS (EdDSA, `typ` kopuro-registration+jwt, `kid` the
 * signing key's RFC 7638 thumbprint). The instance is the member id's first part. Throws a
 * TypeError when a key is not an Ed25519 JWK (the signing key with its private part).
 *
 * @example const { jws } = await signRegistrationRequest({ member, node, csrPem, signingKey, logKey })
 */
export async function signRegistrationRequest(
  input: RegistrationInput,
): Promise<SignedRegistrationRequest> {
  if (typeof input.signingKey?.d !== 'string') {
    throw new TypeError('signRegistrationRequest: signingKey must be a private Ed25519 JWK')
  }
  const signingKey = await publicEd25519(input.signingKey, 'signingKey')
  const payload: RegistrationPayload = {
    instance: input.member.id.split('/')[0] ?? '',
    member: {
      id: input.member.id,
      ...(input.member.name !== undefined && { name: input.member.name }),
    },
    node: { ...input.node },
    csr: input.csrPem,
    signingKey,
    logKey: await publicEd25519(input.logKey, 'logKey'),
    subsystems: (input.subsystems ?? []).map((s) => ({ ...s })),
    services: (input.services ?? []).map((s) => ({ ...s })),
    nonce: input.nonce ?? randomBytes(16).toString('base64url'),
    iat: Math.floor((input.now ?? Date.now)() / 1000),
  }
  const key = await importJWK({ ...input.signingKey, alg: 'EdDSA' }, 'EdDSA')
  const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'EdDSA', typ: REGISTRATION_JWS_TYPE, kid: signingKey.kid })
    .sign(key)
  return { jws, payload }
}

/** `{ kty, crv, x, kid }` of an Ed25519 JWK, kid its RFC 7638 thumbprint. */
async function publicEd25519(jwk: JWK, name: string): Promise<PublicEd25519Jwk> {
  if (jwk?.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
    throw new TypeError(`signRegistrationRequest: ${name} must be an Ed25519 JWK`)
  }
  const members = { crv: 'Ed25519', kty: 'OKP', x: jwk.x } as const
  return { ...members, kid: await calculateJwkThumbprint(members, 'sha256') }
}
