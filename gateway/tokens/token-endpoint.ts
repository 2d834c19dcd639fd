// The gateway's token endpoint: client credentials with private_key_jwt (RFC 7523 §2.2).
import { decodeJwt, importJWK, jwtVerify, SignJWT, type CryptoKey, type KeyObject } from 'jose'
import type { Clock } from '../lib/clock.js'
import { unixSeconds } from '../lib/clock.js'
import { GatewayError } from '../lib/errors.js'
import { readRequestForm, type RequestMessage } from '../lib/read-request-body.js'
import type { Store } from '../store/index.js'
import {
  ACCESS_TOKEN_ALGORITHM,
  CLIENT_ASSERTION_ALGORITHMS,
  CLIENT_ASSERTION_TYPE,
  type RegisteredClient,
} from './token-types.js'

export interface TokenIssuerOptions {
  /** The gateway's private token key (ES256). */
  key: CryptoKey | KeyObject
  issuer: string
  audience: string
  /** The token endpoint's own URL: the audience client assertions must name (RFC 7523 §3). */
  endpointUrl: string
  clients: RegisteredClient[]
  store: Store
  now: Clock
  ttlSeconds?: number
}

export interface TokenResponse {
  access_token: string
  token_type: 'Bearer'
  expires_in: number
}

export type TokenIssuer = (form: URLSearchParams) => Promise<TokenResponse>

/** Token requests are small forms: a client assertion and two fixed fields. */
export const MAX_TOKEN_REQUEST_BYTES = 16 * 1024

/**
 * Reads the form of a `POST /token` through the bounded reader: a body over 16 KiB, declared or
 * streamed, is `client.request_too_large` (413) and never held whole (docs/design.md §2).
 *
 * @example const form = await readTokenRequest(c.req.raw)
 */
export function readTokenRequest(request: RequestMessage): Promise<URLSearchParams> {
  return readRequestForm(request, MAX_TOKEN_REQUEST_BYTES)
}

/** Client assertions may live at most this long (RFC 7523 §3: a short-lived assertion). */
const MAX_ASSERTION_LIFETIME_S = 300
/**
 * How far ahead of this gateway's clock an assertion's `iat` may be. RFC 7523 §3 lets the server
 * reject an `iat` "unreasonably far in the future"; a future `iat` would let an assertion made
 * today be kept for later, so only ordinary clock drift passes.
 */
const MAX_ASSERTION_CLOCK_AHEAD_S = 60

/**
 * Creates the handler behind `POST /token`. It checks the grant, verifies the client assertion
 * against the registered client's key, refuses a reused `jti`, and issues a short-lived access
 * token whose subject is the subsystem.
 *
 * @example const issue = await createTokenIssuer({ key, issuer, audience, endpointUrl, clients, store, now })
 */
export async function createTokenIssuer(options: TokenIssuerOptions): Promise<TokenIssuer> {
  const ttl = options.ttlSeconds ?? 300
  const clientKeys = new Map<string, CryptoKey | KeyObject | Uint8Array>()
  for (const c of options.clients) {
    const alg = c.publicJwk.kty === 'OKP' ? 'EdDSA' : 'ES256'
    clientKeys.set(c.subsystem, await importJWK(c.publicJwk, alg))
  }
  return async (form) => {
    if (form.get('grant_type') !== 'client_credentials') throw badRequest('unsupported grant type')
    if (form.get('client_assertion_type') !== CLIENT_ASSERTION_TYPE) {
      throw badRequest('unsupported client assertion type')
    }
    const assertion = form.get('client_assertion') ?? ''
    const subsystem = await verifyAssertion(assertion, clientKeys, options)
    const iat = unixSeconds(options.now)
    const accessToken = await new SignJWT({})
      .setProtectedHeader({ alg: ACCESS_TOKEN_ALGORITHM, typ: 'at+jwt' })
      .setIssuer(options.issuer)
      .setAudience(options.audience)
      .setSubject(subsystem)
      .setIssuedAt(iat)
      .setExpirationTime(iat + ttl)
      .setJti(crypto.randomUUID())
      .sign(options.key)
    return { access_token: accessToken, token_type: 'Bearer', expires_in: ttl }
  }
}

async function verifyAssertion(
  assertion: string,
  clientKeys: Map<string, CryptoKey | KeyObject | Uint8Array>,
  options: TokenIssuerOptions,
): Promise<string> {
  let issuer: string | undefined
  try {
    issuer = decodeJwt(assertion).iss
  } catch (e) {
    throw new GatewayError('client.invalid_token', { cause: e })
  }
  const key = issuer === undefined ? undefined : clientKeys.get(issuer)
  if (!key || !issuer) throw new GatewayError('client.unauthorized')
  const { payload } = await jwtVerify(assertion, key, {
    algorithms: CLIENT_ASSERTION_ALGORITHMS,
    issuer,
    subject: issuer,
    audience: options.endpointUrl,
    currentDate: new Date(options.now()),
    requiredClaims: ['exp', 'jti'],
  }).catch((e: unknown) => {
    throw new GatewayError('client.invalid_token', { cause: e })
  })
  const lifetime = payload.exp! - unixSeconds(options.now)
  if (lifetime > MAX_ASSERTION_LIFETIME_S) throw new GatewayError('client.invalid_token')
  if (
    payload.iat !== undefined &&
    payload.iat > unixSeconds(options.now) + MAX_ASSERTION_CLOCK_AHEAD_S
  )
    throw new GatewayError('client.invalid_token', { message: 'iat is in the future' })
  // RFC 7523 §3 item 7: a jti may be used only once within the assertion's lifetime.
  const fresh = await options.store.setIfAbsent(
    `jti:${issuer}:${payload.jti}`,
    (lifetime + 60) * 1000,
  )
  if (!fresh) throw new GatewayError('client.invalid_token')
  return issuer
}

function badRequest(reason: string): GatewayError {
  return new GatewayError('client.bad_request', { cause: new Error(reason) })
}
