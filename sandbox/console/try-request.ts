// The catalogue's try-it form: check what the developer typed, then send it as a real X-Road
// request through the chosen client's own gateway.
import { KopuroError } from '../../gateway/lib/kopuro-error.js'
import type { CallResult } from '../sandbox-file.js'
import type { ConsoleContext } from './context.js'

export const TRY_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const

/** What the form holds, as typed (shown again next to the answer). */
export interface TryForm {
  client: string
  method: string
  path: string
  body: string
  userId: string
  issue: string
}

/** A checked request: safe to put on the wire. */
export interface TryRequest {
  clientId: string
  method: (typeof TRY_METHODS)[number]
  /** Below the service: empty, `/…` or `?…`. */
  path: string
  body?: string
  userId?: string
  issue?: string
}

export type TryParse = { ok: true; request: TryRequest } | { ok: false; error: string }

export type TryOutcome =
  { ok: true; result: CallResult; elapsedMs: number } | { ok: false; error: string }

const MAX_PATH = 2_000
const MAX_BODY = 64 * 1024
const MAX_HEADER = 255
/** RFC 3986 path and query characters; no fragment, no spaces, no raw non-ASCII. */
const PATH_CHARS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*$/
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/
/** Visible ASCII and inner spaces: what an HTTP header value can carry unmangled. */
const HEADER_CHARS = /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/

/** Reads the posted fields; anything missing or not text is empty. */
export function tryFormFrom(fields: Record<string, unknown>): TryForm {
  const text = (name: string) => (typeof fields[name] === 'string' ? fields[name] : '')
  return {
    client: text('client').trim(),
    method: text('method').trim().toUpperCase(),
    path: text('path').trim(),
    body: text('body'),
    userId: text('userId').trim(),
    issue: text('issue').trim(),
  }
}

/**
 * Checks the form against the sandbox's clients and the X-Road REST path rules. The error texts
 * never repeat what was typed.
 *
 * @example const parsed = parseTryForm(tryFormFrom(await readForm(c)), clientIds)
 */
export function parseTryForm(form: TryForm, clientIds: string[]): TryParse {
  if (!clientIds.includes(form.client)) {
    return fail('Unknown client subsystem: choose one of the sandbox’s information systems.')
  }
  const method = TRY_METHODS.find((m) => m === form.method)
  if (!method) return fail(`Unsupported method: use one of ${TRY_METHODS.join(', ')}.`)
  const pathError = checkPath(form.path)
  if (pathError) return fail(pathError)
  const body = form.body.trim()
  if (body !== '') {
    if (method === 'GET') return fail('A GET request takes no body: clear the body or pick POST.')
    if (body.length > MAX_BODY) return fail('The body is too large for the console (64 KB).')
    try {
      JSON.parse(body)
    } catch {
      return fail('The body is not valid JSON.')
    }
  }
  for (const [name, value] of [
    ['X-Road-UserId', form.userId],
    ['X-Road-Issue', form.issue],
  ] as const) {
    if (value !== '' && (value.length > MAX_HEADER || !HEADER_CHARS.test(value))) {
      return fail(`${name} may hold only printable ASCII characters, at most ${MAX_HEADER}.`)
    }
  }
  return {
    ok: true,
    request: {
      clientId: form.client,
      method,
      path: form.path === '/' ? '' : form.path,
      ...(body !== '' ? { body } : {}),
      ...(form.userId !== '' ? { userId: form.userId } : {}),
      ...(form.issue !== '' ? { issue: form.issue } : {}),
    },
  }
}

/** Why a path below the service is malformed, or undefined when it is fine. */
export function checkPath(path: string): string | undefined {
  if (path === '') return undefined
  if (path.length > MAX_PATH) return 'The path is too long.'
  if (!path.startsWith('/') && !path.startsWith('?')) {
    return 'The path must start with / (a resource below the service) or ? (a query).'
  }
  if (!PATH_CHARS.test(path)) {
    return 'The path holds characters a URL cannot carry as typed (spaces, #, non-ASCII): percent-encode them.'
  }
  if (BAD_PERCENT.test(path)) return 'The path has a % that does not start a %XX escape.'
  const segments = path.split('?', 1)[0]!.split('/')
  if (segments.some((s) => /^(\.|%2e){1,2}$/i.test(s))) {
    return 'The path may not contain . or .. segments.'
  }
  return undefined
}

/**
 * Sends the request through the client's own gateway: a token from the gateway's token endpoint,
 * then `/r1/{service}{path}`. Network and token failures become an error text, never a throw.
 */
export async function sendTry(
  ctx: ConsoleContext,
  serviceId: string,
  request: TryRequest,
): Promise<TryOutcome> {
  const started = performance.now()
  try {
    const client = await ctx.client(request.clientId)
    const result = await client.call(`${serviceId}${request.path}`, {
      method: request.method,
      ...(request.body !== undefined ? { body: request.body } : {}),
      ...(request.userId !== undefined ? { userId: request.userId } : {}),
      ...(request.issue !== undefined ? { issue: request.issue } : {}),
    })
    return { ok: true, result, elapsedMs: performance.now() - started }
  } catch (error) {
    return { ok: false, error: `The request could not be sent: ${reasonOf(error)}` }
  }
}

function reasonOf(error: unknown): string {
  const e = error as Error & { code?: string; cause?: { code?: string } }
  const code = systemCode(e) ?? systemCode(e.cause)
  if (code === 'ECONNREFUSED') return 'the client’s gateway does not answer (is it running?).'
  return code ? `${e.message} (${code})` : e.message
}

/** A Node or undici error's code (`ECONNREFUSED`, `UND_ERR_…`); kopuro's own errors say theirs in the message. */
function systemCode(e: { code?: string } | undefined): string | undefined {
  return e instanceof KopuroError ? undefined : e?.code
}

function fail(error: string): TryParse {
  return { ok: false, error }
}
