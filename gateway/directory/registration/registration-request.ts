// The registration request a new node sends its federation's authority (docs/protocol.md §5.6).
import { KopuroError } from '../../lib/kopuro-error.js'
import type { JWK } from 'jose'

/** RFC 8725 §3.11: an explicit type, so no other JWS of the federation passes as a registration. */
export const REGISTRATION_JWS_TYPE = 'kopuro-registration+jwt'
/** The largest request body the authority reads. */
export const MAX_REGISTRATION_BYTES = 64 * 1024
/** How far `iat` may be from the authority's clock, seconds. */
export const REGISTRATION_SKEW_SECONDS = 300
/** Lists in a request stay small: one member's node, its subsystems and services. */
export const MAX_REGISTRATION_SUBSYSTEMS = 100
export const MAX_REGISTRATION_SERVICES = 200

/** An Ed25519 public JWK, `kid` its RFC 7638 thumbprint. */
export type PublicEd25519Jwk = JWK & { kty: 'OKP'; crv: 'Ed25519'; x: string; kid: string }

/** The signed payload, as docs/protocol.md §5.6 lists it. */
export interface RegistrationPayload {
  instance: string
  member: { id: string; name?: string }
  node: { code: string; federationUrl: string; host: string }
  /** PEM PKCS#10 for the node's TLS key: CN `<member>/<node>`, subjectAltName `<host>`. */
  csr: string
  signingKey: PublicEd25519Jwk
  logKey: PublicEd25519Jwk
  subsystems: { code: string; name?: string }[]
  services: { id: string; title: string; contractDigest?: string }[]
  /** 128 random bits, base64url. */
  nonce: string
  /** Unix seconds. */
  iat: number
}

/**
 * What a registration is refused with, before any registry state is looked at; the authority
 * answers it as problem+json with this `code` (docs/errors.md, Directory authority).
 */
export type RegistrationRequestCode =
  | 'registration.malformed'
  | 'registration.bad_signature'
  | 'registration.wrong_instance'
  | 'registration.stale'
  | 'registration.identity_mismatch'
  | 'registration.invalid'

/**
 * A registration request that fails a check. `detail` is fixed text naming the check (never a
 * value from the request), so it can be answered and logged as it is.
 *
 * @example throw new RegistrationRequestError('registration.stale', 'iat is more than 300 s from now')
 */
export class RegistrationRequestError extends KopuroError<RegistrationRequestCode> {
  constructor(
    code: RegistrationRequestCode,
    readonly detail: string,
    options?: ErrorOptions,
  ) {
    super(code, `${code}: ${detail}`, options)
    this.name = 'RegistrationRequestError'
  }
}
