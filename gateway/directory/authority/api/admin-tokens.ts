// Admin bearer tokens for the authority's API: ES256 JWTs signed by a key kept beside the registry.
import { dirname, join } from 'node:path'
import { importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose'
import { createSigningKey, publicJwkOf, type SigningJwk } from '../../../../certs/index.js'
import type { Clock } from '../../../lib/clock.js'
import { readTextIfExists, writeFileIfAbsent } from '../../../lib/durable-file.js'
import { PRIVATE_FILE_MODE } from '../../../lib/private-files.js'
import { AuthorityError } from '../authority-error.js'

export const ADMIN_TOKEN_ALGORITHM = 'ES256'
export const ADMIN_TOKEN_ISSUER = 'kopuro:directory-authority'
export const ADMIN_TOKEN_AUDIENCE = 'kopuro:directory-admin'
/** RFC 8725 §3.11: an explicit type, so no other JWT of the federation passes as an admin token. */
export const ADMIN_TOKEN_TYPE = 'kopuro-admin+jwt'
export const DEFAULT_ADMIN_TOKEN_TTL_SECONDS = 3600

/** `admin` may change the registry; `observer` may only read it. */
export type AdminRole = 'admin' | 'observer'
export const ADMIN_ROLES: readonly AdminRole[] = ['admin', 'observer']

export interface AdminPrincipal {
  subject: string
  role: string
}

export type AdminTokenVerifier = (authorization: string | undefined) => Promise<AdminPrincipal>

const SUBJECT = /^[\x21-\x7e]{1,128}$/

/** Where the authority keeps its admin token key unless told otherwise: beside the state file. */
export function adminKeyFileFor(stateFile: string): string {
  return join(dirname(stateFile), 'admin-token-key.private.jwk.json')
}

/**
 * Reads the admin token key, generating it (ES256, owner-only file) on first use.
 *
 * @example const privateJwk = await ensureAdminKey(adminKeyFileFor('.kopuro/directory/registry.json'))
 */
export async function ensureAdminKey(file: string): Promise<SigningJwk> {
  const existing = await readTextIfExists(file)
  if (existing !== undefined) return parseAdminKey(existing, file)
  const { privateJwk } = await createSigningKey({ alg: ADMIN_TOKEN_ALGORITHM })
  const created = await writeFileIfAbsent(file, `${JSON.stringify(privateJwk, null, 2)}\n`, {
    mode: PRIVATE_FILE_MODE,
    makeDir: true,
  })
  return created ? privateJwk : parseAdminKey((await readTextIfExists(file)) ?? '', file)
}

/**
 * Reads the admin token key without ever making one: a missing file throws a TypeError naming
 * it (the commands that only use the key, docs/operations.md, Joining a federation).
 *
 * @example const privateJwk = await readAdminKey(federationFolderPaths(dir).adminKey)
 */
export async function readAdminKey(file: string): Promise<SigningJwk> {
  const text = await readTextIfExists(file)
  if (text === undefined) throw new TypeError(`${file} is missing`)
  return parseAdminKey(text, file)
}

function parseAdminKey(text: string, file: string): SigningJwk {
  let jwk: SigningJwk
  try {
    jwk = JSON.parse(text) as SigningJwk
  } catch (cause) {
    throw new TypeError(`${file} is not a JWK`, { cause })
  }
  if (jwk?.kty !== 'EC' || jwk.alg !== ADMIN_TOKEN_ALGORITHM || typeof jwk.d !== 'string') {
    throw new TypeError(`${file} is not a private ES256 JWK`)
  }
  return jwk
}

export interface IssueAdminTokenOptions {
  privateJwk: SigningJwk
  /** Who acts: recorded as the actor of every change made with the token. */
  subject: string
  role?: AdminRole
  ttlSeconds?: number
  now?: Clock
}

/**
 * Signs an admin token. Throws a TypeError on a bad subject, role or lifetime.
 *
 * @example const token = await issueAdminToken({ privateJwk, subject: 'alice' })
 */
export async function issueAdminToken(options: IssueAdminTokenOptions): Promise<string> {
  const { subject, role = 'admin', ttlSeconds = DEFAULT_ADMIN_TOKEN_TTL_SECONDS } = options
  if (typeof subject !== 'string' || !SUBJECT.test(subject)) {
    throw new TypeError('issueAdminToken: subject must be 1-128 printable ASCII characters')
  }
  if (!ADMIN_ROLES.includes(role))
    throw new TypeError('issueAdminToken: role must be admin or observer')
  if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds < 1) {
    throw new TypeError('issueAdminToken: ttlSeconds must be a positive integer')
  }
  const iat = Math.floor((options.now ?? Date.now)() / 1000)
  return new SignJWT({ role })
    .setProtectedHeader({
      alg: ADMIN_TOKEN_ALGORITHM,
      typ: ADMIN_TOKEN_TYPE,
      kid: options.privateJwk.kid,
    })
    .setIssuer(ADMIN_TOKEN_ISSUER)
    .setAudience(ADMIN_TOKEN_AUDIENCE)
    .setSubject(subject)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .setJti(crypto.randomUUID())
    .sign(await importJWK(options.privateJwk, ADMIN_TOKEN_ALGORITHM))
}

/**
 * The check behind every `/admin` route: a bearer token signed by the admin key (ES256 only,
 * explicit algorithms, issuer, audience and type), unexpired at `now`.
 *
 * @example const principal = await createAdminTokenVerifier({ publicJwk, now })(authorization)
 */
export function createAdminTokenVerifier(options: {
  publicJwk: JWK
  now?: Clock
}): AdminTokenVerifier {
  const now = options.now ?? Date.now
  const key = importJWK(publicJwkOf(options.publicJwk as SigningJwk), ADMIN_TOKEN_ALGORITHM)
  return async (authorization) => {
    const token = bearerToken(authorization)
    let payload: JWTPayload
    try {
      const verified = await jwtVerify(token, await key, {
        algorithms: [ADMIN_TOKEN_ALGORITHM],
        issuer: ADMIN_TOKEN_ISSUER,
        audience: ADMIN_TOKEN_AUDIENCE,
        typ: ADMIN_TOKEN_TYPE,
        currentDate: new Date(now()),
        requiredClaims: ['sub', 'exp', 'iat', 'role'],
      })
      payload = verified.payload
    } catch (cause) {
      throw new AuthorityError('invalid_token', { cause })
    }
    // A verified token whose role is not a string names no role: refused alike.
    if (typeof payload['role'] !== 'string') throw new AuthorityError('invalid_token')
    return { subject: payload.sub!, role: payload['role'] }
  }
}

function bearerToken(authorization: string | undefined): string {
  if (!authorization) throw new AuthorityError('unauthorized')
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(authorization.trim())
  if (!match || match[1]!.length > 8192) throw new AuthorityError('invalid_token')
  return match[1]!
}
