// Shared shapes of the mutual-auth token flow (OAuth 2.0 client credentials, RFC 7523).
import type { JWK } from 'jose'

/** RFC 7521 §4.2: the only client assertion type accepted. */
export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'

/** Algorithms accepted for client assertions and access tokens: asymmetric only, never `none`/HS*. */
export const CLIENT_ASSERTION_ALGORITHMS = ['ES256', 'EdDSA']
export const ACCESS_TOKEN_ALGORITHM = 'ES256'

/** An information system registered at its gateway: the subsystem and its public key. */
export interface RegisteredClient {
  /** `KG/COM/10000001/kyc-app` */
  subsystem: string
  publicJwk: JWK & { kid?: string }
}

export interface AccessTokenClaims {
  subsystem: string
  /** The token's id: what a revocation names. */
  jti: string
  /** Expiry, ms since the epoch. */
  expiresAtMs: number
}
