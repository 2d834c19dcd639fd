// `kopuro directory admin <action>`: one call to the directory authority's admin API.
import type { AuthorityProblem, OperationName } from '../directory/authority/index.js'
import { MAX_DIRECTORY_BYTES } from '../directory/index.js'
import { DeadlineError, withDeadline } from '../lib/deadline.js'
import { BodyTooLargeError, readWebText } from '../lib/read-body.js'
import { isNetworkFailure, networkReason } from './cli-errors.js'
import { ADMIN_BODIES, AdminUsageError, type AdminParams } from './directory-admin-params.js'
import { EXIT } from './exit-codes.js'

export const ADMIN_ACTIONS = ['list', ...Object.keys(ADMIN_BODIES)] as const

/** The operations the CLI can send: ADMIN_BODIES has one body builder per operation. */
function isOperationName(action: string): action is OperationName {
  return Object.hasOwn(ADMIN_BODIES, action)
}

export interface DirectoryAdminOptions {
  /** The authority's base URL: `http://127.0.0.1:8080`. */
  authority: string
  /** An admin token (`kopuro directory token`). */
  token: string
  fetch?: typeof fetch
  /** One total deadline for the call and the whole answer, ms (default 30 s). */
  timeoutMs?: number
  /** The largest answer read, bytes (default {@link MAX_ADMIN_ANSWER_BYTES}). */
  maxBytes?: number
}

/**
 * The registry (`list`) holds what the directory holds plus pending registrations, so its answer
 * gets twice the directory's bound; anything bigger is refused after that many bytes, whatever
 * the server sends (docs/design.md §2, bounded reads).
 */
export const MAX_ADMIN_ANSWER_BYTES = 2 * MAX_DIRECTORY_BYTES

type Out = { log(s: string): void; error(s: string): void }

/**
 * Runs `list` (the registry) or one operation, and prints the authority's JSON answer. Exit code
 * 0 on success, 1 when the authority refused, 2 on bad usage, 3 when it could not be reached.
 *
 * @example
 * await directoryAdminCommand('approve', { kind: 'member', id: 'KG/GOV/70000001' }, { authority, token }, console)
 */
export async function directoryAdminCommand(
  action: string,
  params: AdminParams,
  options: DirectoryAdminOptions,
  out: Out,
): Promise<number> {
  if (!options.token) {
    out.error('directory admin: give --token or set KOPURO_DIRECTORY_TOKEN')
    return EXIT.USAGE
  }
  let request: { path: string; init: RequestInit }
  try {
    request = await requestFor(action, params, options.token)
  } catch (error) {
    const usage = error instanceof AdminUsageError || (error as NodeJS.ErrnoException).code
    out.error(
      `directory admin ${safeAction(action)}: ${usage ? (error as Error).message : 'bad input'}`,
    )
    return EXIT.USAGE
  }
  let url: URL
  try {
    url = new URL(request.path, options.authority)
  } catch {
    out.error('directory admin: --authority is not a URL')
    return EXIT.USAGE
  }
  let answer: { status: number; ok: boolean; text: string }
  try {
    answer = await call(url, request.init, options)
  } catch (error) {
    return reportUnanswered(error, options, out)
  }
  return report(action, answer, out)
}

/**
 * The call and its whole answer under one deadline: no redirect is followed, the body is read by
 * bytes up to the limit, and a server trickling its answer is cut when the deadline runs out.
 */
async function call(
  url: URL,
  init: RequestInit,
  options: DirectoryAdminOptions,
): Promise<{ status: number; ok: boolean; text: string }> {
  return withDeadline(options.timeoutMs ?? 30_000, async (signal) => {
    const response = await (options.fetch ?? fetch)(url, { ...init, redirect: 'error', signal })
    const text = await readWebText(response, options.maxBytes ?? MAX_ADMIN_ANSWER_BYTES)
    return { status: response.status, ok: response.ok, text }
  })
}

/** No whole answer: too large is a failed call (1), no answer in time or at all unreachable (3). */
function reportUnanswered(error: unknown, options: DirectoryAdminOptions, out: Out): number {
  if (error instanceof BodyTooLargeError) {
    out.error(`directory admin: the authority's answer exceeds ${error.limit} bytes`)
    return EXIT.FAILED
  }
  const reason =
    error instanceof DeadlineError
      ? `no whole answer within ${options.timeoutMs ?? 30_000} ms`
      : isNetworkFailure(error)
        ? networkReason(error)
        : (error as Error).message
  out.error(`directory admin: the authority could not be reached: ${reason}`)
  return EXIT.UNREACHABLE
}

async function requestFor(
  action: string,
  params: AdminParams,
  token: string,
): Promise<{ path: string; init: RequestInit }> {
  const authorization = `Bearer ${token}`
  if (action === 'list') return { path: '/admin/state', init: { headers: { authorization } } }
  if (!isOperationName(action)) {
    throw new AdminUsageError(`unknown action; one of ${ADMIN_ACTIONS.join(', ')}`)
  }
  const body = JSON.stringify(await ADMIN_BODIES[action](params))
  const headers = { authorization, 'content-type': 'application/json' }
  return { path: `/admin/${action}`, init: { method: 'POST', headers, body } }
}

function report(
  action: string,
  response: { status: number; ok: boolean; text: string },
  out: Out,
): number {
  const text = response.text
  if (response.ok) {
    out.log(JSON.stringify(JSON.parse(text), null, 2))
    return EXIT.OK
  }
  let problem: Partial<AuthorityProblem> = {}
  try {
    problem = JSON.parse(text) as AuthorityProblem
  } catch {
    // Not problem+json: the status alone is reported.
  }
  const detail = problem.detail ? `: ${problem.detail}` : ''
  out.error(
    `directory admin ${safeAction(action)} refused (${response.status} ${problem.code ?? ''})${detail}`,
  )
  return EXIT.FAILED
}

/** The action is echoed only when it is one the CLI knows. */
function safeAction(action: string): string {
  return action === 'list' || isOperationName(action) ? action : '(unknown)'
}
