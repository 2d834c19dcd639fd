// Role tokens for a gateway's admin listener: ES256 JWTs signed with the member's admin key.
import { randomUUID } from 'node:crypto'
import { importJWK, jwtVerify, SignJWT, type CryptoKey, type JWK } from 'jose'
import { parseMemberId } from '../identifiers/index.js'
import type { Clock } from '../lib/clock.js'
import { GatewayError } from '../lib/errors.js'
import type { Store } from '../store/index.js'

/**
 * `admin` changes configuration, `auditor` reads every record of the gateway, `observer` reads
 * health and metrics, `member` reads only exchanges where its member was client or provider.
 */
export type Role = 'admin' | 'auditor' | 'observer' | 'member'
export const ROLES: readonly Role[] = ['admin', 'auditor', 'observer', 'member']

/** RFC 8725 §3.11: an explicit type, so no other JWT of the federation passes as a role token. */
export const ROLE_TOKEN_TYPE = 'kopuro-role+jwt'

/**
 * The longest life a role token may have: a revocation is kept this long, so it outlives every
 * token it can name. A longer-lived token is refused.
 */
export const MAX_ROLE_TOKEN_TTL_S = 30 * 24 * 3600

/** Revoked role tokens live in the store beside revoked access tokens, under their own prefix. */
export const ROLE_REVOCATION_PREFIX = 'role:'

export interface Principal {
  subject: string
  role: Role
  /** The token's own id, by which it can be revoked. */
  jti?: string
  /** For `member` tokens: the member whose exchanges may be read. */
  member?: string
}

export interface RoleTokenOptions {
  /** The gateway member: tokens are issued by and for it. */
  memberId: string
  now: Clock
}

export interface RoleTokenVerifierOptions extends RoleTokenOptions {
  /** Where revoked role tokens are listed (`revokeRoleToken`). */
  store: Pick<Store, 'isTokenRevoked'>
}

/**
 * Signs a role token (default lifetime one hour).
 *
 * @example await issueRoleToken(adminKey, { memberId, now: Date.now }, { subject: 'alice', role: 'auditor' })
 */
export async function issueRoleToken(
  privateJwk: JWK,
  options: RoleTokenOptions,
  principal: Principal,
  ttlSeconds = 3600,
): Promise<string> {
  if (!ROLES.includes(principal.role)) throw new TypeError(`unknown role ${principal.role}`)
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_ROLE_TOKEN_TTL_S) {
    throw new TypeError(`a role token lives 1 to ${MAX_ROLE_TOKEN_TTL_S} seconds`)
  }
  if (principal.role === 'member' && !parseMemberId(principal.member ?? '')) {
    throw new TypeError('a member token names the member')
  }
  const iat = Math.floor(options.now() / 1000)
  return new SignJWT({
    role: principal.role,
    ...(principal.member ? { member: principal.member } : {}),
  })
    .setProtectedHeader({ alg: 'ES256', typ: ROLE_TOKEN_TYPE })
    .setIssuer(`urn:kopuro:gateway-admin:${options.memberId}`)
    .setAudience(`urn:kopuro:gateway-admin:${options.memberId}`)
    .setSubject(principal.subject)
    .setJti(randomUUID())
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .sign(await importJWK(privateJwk, 'ES256'))
}

export type RoleTokenVerifier = (
  authorization: string | undefined,
  allowed: readonly Role[],
) => Promise<Principal>

/**
 * Verifies `Authorization: Bearer …` (ES256 only, typed, this gateway's issuer and audience)
 * and that the role is one of `allowed`: 401 for a missing or bad token (`client.token_revoked`
 * for a revoked one), 403 for a wrong role. Every token must carry a `jti`, so each is revocable.
 */
export async function createRoleTokenVerifier(
  publicJwk: JWK,
  options: RoleTokenVerifierOptions,
): Promise<RoleTokenVerifier> {
  const key = (await importJWK(publicJwk, 'ES256')) as CryptoKey
  const id = `urn:kopuro:gateway-admin:${options.memberId}`
  return async (authorization, allowed) => {
    const token = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(authorization?.trim() ?? '')?.[1]
    if (!token) throw new GatewayError('client.unauthorized')
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['ES256'],
      typ: ROLE_TOKEN_TYPE,
      issuer: id,
      audience: id,
      currentDate: new Date(options.now()),
      requiredClaims: ['sub', 'exp', 'iat', 'jti', 'role'],
    }).catch((e: unknown) => {
      throw new GatewayError('client.invalid_token', { cause: e })
    })
    if (payload.exp! - payload.iat! > MAX_ROLE_TOKEN_TTL_S) {
      throw new GatewayError('client.invalid_token', { cause: new Error('lifetime too long') })
    }
    const revoked = await options.store.isTokenRevoked(ROLE_REVOCATION_PREFIX + payload.jti!)
    if (revoked) throw new GatewayError('client.token_revoked')
    const principal: Principal = {
      subject: payload.sub!,
      role: payload['role'] as Role,
      member: typeof payload['member'] === 'string' ? payload['member'] : undefined,
      jti: payload.jti!,
    }
    if (!allowed.includes(principal.role)) throw new GatewayError('client.forbidden')
    return principal
  }
}

/** A role token id as `issueRoleToken` writes it (a UUID); anything else names no token. */
const JTI = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * Lists a role token as revoked for `MAX_ROLE_TOKEN_TTL_S`, longer than it can live.
 *
 * @example await revokeRoleToken(store, '1b4e28ba-2fa1-11d2-883f-0016d3cca427')
 */
export async function revokeRoleToken(
  store: Pick<Store, 'revokeToken'>,
  jti: string,
): Promise<void> {
  if (!JTI.test(jti))
    throw new GatewayError('client.bad_request', { message: 'jti must be a UUID' })
  await store.revokeToken(ROLE_REVOCATION_PREFIX + jti, MAX_ROLE_TOKEN_TTL_S * 1000)
}
