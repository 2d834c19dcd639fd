// One call to the directory authority from the CLI: bounded answer, one deadline, refusals told apart.
import { DeadlineError, withDeadline } from '../lib/deadline.js'
import { BodyTooLargeError, readWebText } from '../lib/read-body.js'
import { isNetworkFailure, networkReason, UnreachableError } from './cli-errors.js'

/** A registration list or a status fits many times; a refusal is a few hundred bytes. */
export const MAX_AUTHORITY_ANSWER_BYTES = 8 * 1024 * 1024
export const DEFAULT_AUTHORITY_TIMEOUT_MS = 30_000

/** The authority answered with an error status (exit 1); the message has its status and code. */
export class AuthorityRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    detail: string | undefined,
  ) {
    super(`refused (${status}${code ? ` ${code}` : ''})${detail ? `: ${detail}` : ''}`)
    this.name = 'AuthorityRefusal'
  }
}

export interface AuthorityCallOptions {
  method?: 'GET' | 'POST'
  token?: string
  /** A JSON body, or a compact JWS when `contentType` says so. */
  body?: unknown
  contentType?: string
  timeoutMs?: number
  fetch?: typeof fetch
}

/**
 * Calls `base` + `path` and returns the parsed JSON of a 2xx answer. No redirect is followed (a
 * token never goes elsewhere), the answer is read by bytes up to a bound, and the call and its
 * whole answer share one deadline. A refusal throws AuthorityRefusal, no answer UnreachableError.
 *
 * @example const list = await callAuthority('http://127.0.0.10:4400', '/admin/registrations', { token })
 */
export async function callAuthority(
  base: string,
  path: string,
  options: AuthorityCallOptions = {},
): Promise<unknown> {
  const url = new URL(path, `${base.replace(/\/+$/, '')}/`)
  const timeoutMs = options.timeoutMs ?? DEFAULT_AUTHORITY_TIMEOUT_MS
  const type = options.contentType ?? 'application/json'
  const headers: Record<string, string> = {
    ...(options.token && { authorization: `Bearer ${options.token}` }),
    ...(options.body !== undefined && { 'content-type': type }),
  }
  const body =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string' && type !== 'application/json'
        ? options.body
        : JSON.stringify(options.body)
  let answer: { status: number; text: string }
  try {
    answer = await withDeadline(timeoutMs, async (signal) => {
      const res = await (options.fetch ?? fetch)(url, {
        method: options.method ?? (body === undefined ? 'GET' : 'POST'),
        headers,
        body,
        redirect: 'error',
        signal,
      })
      return { status: res.status, text: await readWebText(res, MAX_AUTHORITY_ANSWER_BYTES) }
    })
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      throw new Error(`the authority's answer exceeds ${error.limit} bytes`, { cause: error })
    }
    const reason =
      error instanceof DeadlineError
        ? `no whole answer within ${timeoutMs} ms`
        : isNetworkFailure(error)
          ? networkReason(error)
          : (error as Error).message
    throw new UnreachableError(`cannot reach ${url.origin}: ${reason}`, { cause: error })
  }
  if (answer.status < 200 || answer.status > 299) throw refusalOf(answer)
  try {
    return JSON.parse(answer.text) as unknown
  } catch (cause) {
    throw new Error("the authority's answer is not JSON", { cause })
  }
}

/** The problem+json's code and detail, control characters replaced, when it is one. */
function refusalOf(answer: { status: number; text: string }): AuthorityRefusal {
  let problem: { code?: unknown; detail?: unknown } = {}
  try {
    problem = JSON.parse(answer.text) as typeof problem
  } catch {
    // Not problem+json: the status alone is reported.
  }
  const clean = (v: unknown) =>
    typeof v === 'string' ? v.slice(0, 300).replace(/\p{Cc}/gu, '?') : undefined
  return new AuthorityRefusal(answer.status, clean(problem.code), clean(problem.detail))
}
