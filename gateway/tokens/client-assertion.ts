// Build the information system's side of the token flow: the signed client assertion.
import { KopuroError } from '../lib/kopuro-error.js'
import { importJWK, SignJWT, type JWK } from 'jose'
import { readWebJson, readWebText } from '../lib/read-body.js'
import { CLIENT_ASSERTION_TYPE } from './token-types.js'

export interface ClientAssertionOptions {
  subsystem: string
  privateJwk: JWK & { kid?: string }
  /** The token endpoint URL, which the assertion names as its audience. */
  tokenEndpoint: string
  nowSeconds?: number
  lifetimeSeconds?: number
}

/**
 * Signs a RFC 7523 client assertion (`iss` = `sub` = the subsystem id, `aud` = the endpoint).
 *
 * @example const jwt = await createClientAssertion({ subsystem, privateJwk, tokenEndpoint })
 */
export async function createClientAssertion(options: ClientAssertionOptions): Promise<string> {
  const alg = options.privateJwk.kty === 'OKP' ? 'EdDSA' : 'ES256'
  const key = await importJWK(options.privateJwk, alg)
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000)
  return new SignJWT({})
    .setProtectedHeader({ alg, kid: options.privateJwk.kid })
    .setIssuer(options.subsystem)
    .setSubject(options.subsystem)
    .setAudience(options.tokenEndpoint)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.lifetimeSeconds ?? 60))
    .setJti(crypto.randomUUID())
    .sign(key)
}

/**
 * The token endpoint answered with an error status. `code` is its `X-Road-Error` header, or, for
 * the OAuth errors of RFC 6749 §5.2 (which carry none), the body's `error` field.
 */
export class TokenRefusedError extends KopuroError {
  /** The endpoint's X-Road-Error or OAuth error code, when it named one. */
  readonly refusal: string | undefined

  constructor(
    readonly status: number,
    refusal: string | undefined,
    text: string,
  ) {
    super(refusal ?? 'refused', `token endpoint answered ${status}: ${text.slice(0, 300)}`)
    this.name = 'TokenRefusedError'
    this.refusal = refusal
  }
}

/** Only a code of the shape codes have is taken; anything else in an answer is not repeated. */
const CODE = /^[a-z][a-z0-9_.]{0,127}$/

function refusalCode(headers: Headers, text: string): string | undefined {
  const header = headers.get('x-road-error')
  if (header !== null) return CODE.test(header) ? header : undefined
  try {
    const error = (JSON.parse(text) as { error?: unknown }).error
    return typeof error === 'string' && CODE.test(error) ? error : undefined
  } catch {
    return undefined
  }
}

/** A token answer is a JWT and two fields; a larger one is not read (docs/design.md §2). */
const MAX_TOKEN_ANSWER_BYTES = 64 * 1024

/**
 * Requests an access token from a gateway's token endpoint. The answer is read through the bounded
 * reader: one over 64 KiB is refused, and a refusal is quoted by its first 300 characters.
 *
 * @example const { access_token } = await requestAccessToken({ subsystem, privateJwk, tokenEndpoint })
 */
export async function requestAccessToken(
  options: ClientAssertionOptions,
): Promise<{ access_token: string; expires_in: number }> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_assertion_type: CLIENT_ASSERTION_TYPE,
    client_assertion: await createClientAssertion(options),
  })
  const res = await fetch(options.tokenEndpoint, { method: 'POST', body: form })
  if (!res.ok) {
    const text = await readWebText(res, MAX_TOKEN_ANSWER_BYTES).catch(() => '')
    throw new TokenRefusedError(res.status, refusalCode(res.headers, text), text)
  }
  return (await readWebJson(res, MAX_TOKEN_ANSWER_BYTES)) as {
    access_token: string
    expires_in: number
  }
}
