// `kopuro directory token`: print an admin token for the directory authority's API.
import {
  adminKeyFileFor,
  ADMIN_ROLES,
  ensureAdminKey,
  issueAdminToken,
  type AdminRole,
} from '../directory/authority/index.js'
import { EXIT } from './exit-codes.js'

export interface DirectoryTokenOptions {
  /** The registry's state file: the admin key is looked for beside it. */
  state?: string
  /** The admin key file, when it is not beside the state file. */
  adminKey?: string
  /** Who will act with the token; recorded in the change log. */
  subject: string
  role?: string
  /** Lifetime in seconds (default 3600). */
  ttl?: number
}

/**
 * Prints a token signed with the authority's admin key (created if the authority never ran).
 * Exit code 0, or 2 on bad options.
 *
 * @example process.exitCode = await directoryTokenCommand({ state, subject: 'alice' }, console)
 */
export async function directoryTokenCommand(
  options: DirectoryTokenOptions,
  out: { log(s: string): void; error(s: string): void },
): Promise<number> {
  const file = options.adminKey ?? (options.state && adminKeyFileFor(options.state))
  if (!file) {
    out.error('directory token: give --state or --admin-key')
    return EXIT.USAGE
  }
  const role = (options.role ?? 'admin') as AdminRole
  if (!ADMIN_ROLES.includes(role)) {
    out.error(`directory token: --role must be one of ${ADMIN_ROLES.join(', ')}`)
    return EXIT.USAGE
  }
  try {
    const privateJwk = await ensureAdminKey(file)
    out.log(
      await issueAdminToken({
        privateJwk,
        subject: options.subject,
        role,
        ttlSeconds: options.ttl,
      }),
    )
    return EXIT.OK
  } catch (error) {
    out.error(`directory token: ${(error as Error).message}`)
    return EXIT.USAGE
  }
}
