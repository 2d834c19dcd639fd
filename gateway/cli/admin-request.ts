// One call to a gateway's admin listener, with network failures and refusals told apart.
import { KopuroError } from '../lib/errors.js'
import { isNetworkFailure, networkReason, UnreachableError } from './cli-errors.js'
import type { AdminTarget } from './admin-target.js'
import { MAX_SMALL_ANSWER_BYTES, readAnswerText } from './read-answer.js'

export interface AdminRequestOptions {
  /** A JSON body: the request is then a POST. */
  body?: unknown
  /** Statuses besides 2xx the caller handles itself (300 for an ambiguous evidence lookup). */
  accept?: readonly number[]
  /** Test seam. */
  fetch?: typeof fetch
}

/**
 * The gateway answered with an error status (exit 1); the message carries its error code. `code`
 * is the gateway's `X-Road-Error`, or `refused` when the answer named none.
 */
export class RefusedError extends KopuroError<string> {
  constructor(
    message: string,
    readonly status: number,
    code?: string,
  ) {
    super(code ?? 'refused', message)
    this.name = 'RefusedError'
  }
}

/**
 * Sends the request with the role token and returns a 2xx response (or one of `accept`); a refusal throws
 * `RefusedError`, no answer at all `UnreachableError`. Redirects are not followed, so the token
 * never goes anywhere but the admin listener.
 *
 * @example const res = await adminRequest(target, '/audit/records?limit=10')
 */
export async function adminRequest(
  target: AdminTarget,
  path: string,
  options: AdminRequestOptions = {},
): Promise<Response> {
  const { body } = options
  let res: Response
  try {
    res = await (options.fetch ?? fetch)(`${target.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${target.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: 'manual',
    })
  } catch (error) {
    if (!isNetworkFailure(error)) throw error
    const where = new URL(target.url).origin
    throw new UnreachableError(`cannot reach ${where}: ${networkReason(error)}`, { cause: error })
  }
  if (!res.ok && !options.accept?.includes(res.status)) {
    const code = res.headers.get('x-road-error') ?? undefined
    throw new RefusedError(await refusalMessage(res), res.status, code)
  }
  return res
}

/** `refused: 401 client.unauthorized — <message> (correlation id …)`, from an X-Road error body. */
async function refusalMessage(res: Response): Promise<string> {
  const code = res.headers.get('x-road-error')
  const text = (await readAnswerText(res, MAX_SMALL_ANSWER_BYTES).catch(() => '')).trim()
  let reason = text.length > 300 ? `${text.slice(0, 300)}…` : text
  try {
    const body = JSON.parse(text) as { message?: unknown; detail?: unknown }
    if (typeof body.message === 'string') {
      const detail = typeof body.detail === 'string' ? ` (correlation id ${body.detail})` : ''
      reason = `${body.message}${detail}`
    }
  } catch {
    // Not an X-Road error body: the text itself is the reason.
  }
  return `refused: ${res.status}${code ? ` ${code}` : ''}${reason ? ` — ${reason}` : ''}`
}
