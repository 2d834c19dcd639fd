// Verify bearer tokens once per token lifetime, with the verified claims cached until expiry.
import { jwtVerify, type CryptoKey, type KeyObject } from 'jose'
import type { Clock } from '../lib/clock.js'
import { GatewayError } from '../lib/errors.js'
import type { Store } from '../store/index.js'
import { ACCESS_TOKEN_ALGORITHM, type AccessTokenClaims } from './token-types.js'

export interface AccessTokenVerifierOptions {
  /** Where revocations live: shared by every node of the member when it is Redis. */
  store: Pick<Store, 'isTokenRevoked'>
  /** The token issuer's public key (the gateway's own token key). */
  key: CryptoKey | KeyObject
  issuer: string
  audience: string
  now: Clock
  /** Bound on cached tokens; the oldest entries go first. */
  cacheSize?: number
}

export type AccessTokenVerifier = (authorization: string | undefined) => Promise<AccessTokenClaims>

/** Refuses a token revoked at any node sharing the store; fails closed if the store cannot say. */
async function checkNotRevoked(
  options: AccessTokenVerifierOptions,
  claims: AccessTokenClaims,
): Promise<AccessTokenClaims> {
  let revoked: boolean
  try {
    revoked = await options.store.isTokenRevoked(claims.jti)
  } catch (e) {
    throw new GatewayError('server.clientproxy.store_unavailable', { cause: e })
  }
  if (revoked) throw new GatewayError('client.invalid_token', { cause: new Error('token revoked') })
  return claims
}

/**
 * Creates the consumer side's bearer-token check. A token is verified with jose once (ES256 only,
 * explicit `algorithms`, issuer and audience), then served from a cache until it expires, so the
 * signature is not re-verified on every request.
 *
 * @example const verify = createAccessTokenVerifier({ key, issuer, audience, now: Date.now })
 */
export function createAccessTokenVerifier(
  options: AccessTokenVerifierOptions,
): AccessTokenVerifier {
  const cacheSize = options.cacheSize ?? 10_000
  const cache = new Map<string, AccessTokenClaims>()
  return async (authorization) => {
    const token = bearerToken(authorization)
    const t = options.now()
    const cached = cache.get(token)
    if (cached && cached.expiresAtMs > t) return checkNotRevoked(options, cached)
    if (cached) cache.delete(token)
    const claims = await verifyOnce(token, options)
    if (cache.size >= cacheSize) cache.delete(cache.keys().next().value as string)
    cache.set(token, claims)
    return checkNotRevoked(options, claims)
  }
}

async function verifyOnce(
  token: string,
  options: AccessTokenVerifierOptions,
): Promise<AccessTokenClaims> {
  try {
    const { payload } = await jwtVerify(token, options.key, {
      algorithms: [ACCESS_TOKEN_ALGORITHM],
      issuer: options.issuer,
      audience: options.audience,
      currentDate: new Date(options.now()),
      requiredClaims: ['sub', 'exp', 'iat', 'jti'],
      typ: 'at+jwt',
    })
    return { subsystem: payload.sub!, jti: payload.jti!, expiresAtMs: payload.exp! * 1000 }
  } catch (e) {
    throw new GatewayError('client.invalid_token', { cause: e })
  }
}

function bearerToken(authorization: string | undefined): string {
  if (!authorization) throw new GatewayError('client.unauthorized')
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(authorization.trim())
  if (!match || match[1]!.length > 8192) throw new GatewayError('client.invalid_token')
  return match[1]!
}
