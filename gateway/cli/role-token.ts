// `kopuro role-token`: a role token for the node's own admin listener, signed with its admin key.
import { readFile } from 'node:fs/promises'
import { userInfo } from 'node:os'
import { join } from 'node:path'
import { issueRoleToken, MAX_ROLE_TOKEN_TTL_S, ROLES, type Role } from '../admin/index.js'
import { loadGatewayConfig, type GatewayConfig } from '../config/index.js'
import { memberOf, parseMemberId } from '../identifiers/index.js'
import { CliUsageError, reportErrors } from './cli-errors.js'
import { EXIT } from './exit-codes.js'
import { NODE_FILES } from './node-folder.js'

export interface RoleTokenOptions {
  dir: string
  role: string
  /** Lifetime, seconds (default one hour). */
  ttl?: number
  /** Who acts with the token (default: this user's login name). */
  subject?: string
  /** For a `member` token: the member whose exchanges it may read. */
  member?: string
}

type Out = { log(s: string): void; error(s: string): void }

/**
 * Prints a role token (docs/operations.md, Role tokens) for the node in `dir`: issuer and audience
 * its member, signed with gateway.json's `adminKeyFile`. Exit 0, or 2 for a bad role, lifetime or
 * member, or an admin key that is missing or unreadable.
 *
 * @example process.exitCode = await roleTokenCommand({ dir: 'gw1', role: 'auditor', ttl: 900 }, console)
 */
export function roleTokenCommand(options: RoleTokenOptions, out: Out): Promise<number> {
  return reportErrors('role-token', out, async () => {
    if (!ROLES.includes(options.role as Role)) {
      throw new CliUsageError(`--role must be one of ${ROLES.join(', ')}`)
    }
    const ttl = options.ttl ?? 3600
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_ROLE_TOKEN_TTL_S) {
      throw new CliUsageError(`--ttl must be 1 s to ${MAX_ROLE_TOKEN_TTL_S / 86_400} days`)
    }
    if (options.role === 'member' && !parseMemberId(options.member ?? '')) {
      throw new CliUsageError('--member INSTANCE/CLASS/CODE is needed for a member token')
    }
    if (options.role !== 'member' && options.member !== undefined) {
      throw new CliUsageError('--member is only for --role member')
    }
    const subject = options.subject ?? loginName()
    if (subject.trim() === '' || subject.length > 255) {
      throw new CliUsageError('--subject must be 1 to 255 characters')
    }
    const config = await nodeConfig(options.dir)
    const privateJwk = await readAdminKey(config)
    const principal = { subject, role: options.role as Role, member: options.member }
    const memberId = memberOf(config.nodeId)
    out.log(await issueRoleToken(privateJwk, { memberId, now: Date.now }, principal, ttl))
    return EXIT.OK
  })
}

async function nodeConfig(dir: string): Promise<GatewayConfig> {
  const file = join(dir, NODE_FILES.gatewayConfig)
  try {
    return await loadGatewayConfig(file)
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'is missing' : 'does not load'
    throw new CliUsageError(`${file} ${reason}: ${(error as Error).message}`)
  }
}

async function readAdminKey(config: GatewayConfig): Promise<Record<string, unknown>> {
  const file = config.adminKeyFile
  if (!file) throw new CliUsageError('gateway.json names no adminKeyFile')
  const text = await readFile(file, 'utf8').catch(() => undefined)
  if (text === undefined) throw new CliUsageError(`the admin key ${file} cannot be read`)
  try {
    const jwk = JSON.parse(text) as Record<string, unknown>
    if (jwk['kty'] === 'EC' && jwk['crv'] === 'P-256' && typeof jwk['d'] === 'string') return jwk
  } catch {
    // Reported below with the other shapes that are no admin key.
  }
  throw new CliUsageError(`the admin key ${file} is not a private ES256 JWK`)
}

function loginName(): string {
  try {
    return userInfo().username || 'operator'
  } catch {
    return 'operator'
  }
}
