// `kopuro directory admin <action>`: one call to the directory authority's admin API.
import type { AuthorityProblem } from '../directory/authority/authority-error.js'
import { isOperationName } from '../directory/authority/operations.js'
import { isNetworkFailure, networkReason } from './cli-errors.js'
import { ADMIN_BODIES, AdminUsageError, type AdminParams } from './directory-admin-params.js'
import { EXIT } from './exit-codes.js'
import { readAnswerText } from './read-answer.js'

export const ADMIN_ACTIONS = ['list', ...Object.keys(ADMIN_BODIES)] as const

export interface DirectoryAdminOptions {
  /** The authority's base URL: `http://127.0.0.1:8080`. */
  authority: string
  /** An admin token (`kopuro directory token`). */
  token: string
  fetch?: typeof fetch
}

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
  let response: Response
  try {
    response = await (options.fetch ?? fetch)(url, { ...request.init, redirect: 'error' })
  } catch (error) {
    const reason = isNetworkFailure(error) ? networkReason(error) : (error as Error).message
    out.error(`directory admin: the authority could not be reached: ${reason}`)
    return EXIT.UNREACHABLE
  }
  return report(action, response, out)
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

async function report(action: string, response: Response, out: Out): Promise<number> {
  let text: string
  try {
    text = await readAnswerText(response)
  } catch (error) {
    out.error(`directory admin ${safeAction(action)}: ${(error as Error).message}`)
    return EXIT.FAILED
  }
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
