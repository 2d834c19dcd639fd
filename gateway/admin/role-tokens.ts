// Role tokens for a gateway's admin listener: ES256 JWTs signed with the member's admin key.
import { importJWK, jwtVerify, SignJWT, type CryptoKey, type JWK } from 'jose'
import { parseMemberId } from '../identifiers/index.js'
import type { Clock } from '../lib/clock.js'
import { GatewayError } from '../lib/errors.js'

/**
 * `admin` changes configuration, `auditor` reads every record of the gateway, `observer` reads
 * health and metrics, `member` reads only exchanges where its member was client or provider.
 */
export type Role = 'admin' | 'auditor' | 'observer' | 'member'
export const ROLES: readonly Role[] = ['admin', 'auditor', 'observer', 'member']

/** RFC 8725 §3.11: an explicit type, so no other JWT of the federation passes as a role token. */
export const ROLE_TOKEN_TYPE = 'kopuro-role+jwt'

export interface Principal {
  subject: string
  role: Role
  /** For `member` tokens: the member whose exchanges may be read. */
  member?: string
}

export interface RoleTokenOptions {
  /** The gateway member: tokens are issued by and for it. */
  memberId: string
  now: Clock
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
 * and that the role is one of `allowed`: 401 for a missing or bad token, 403 for a wrong role.
 */
export async function createRoleTokenVerifier(
  publicJwk: JWK,
  options: RoleTokenOptions,
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
      requiredClaims: ['sub', 'exp', 'role'],
    }).catch((e: unknown) => {
      throw new GatewayError('client.invalid_token', { cause: e })
    })
    const principal: Principal = {
      subject: payload.sub!,
      role: payload['role'] as Role,
      member: typeof payload['member'] === 'string' ? payload['member'] : undefined,
    }
    if (!allowed.includes(principal.role)) throw new GatewayError('client.forbidden')
    return principal
  }
}
