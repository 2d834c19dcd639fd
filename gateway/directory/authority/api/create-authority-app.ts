// The authority's HTTP face: the signed directory for everyone, the admin API for token holders.
import { Hono, type Context } from 'hono'
import type { JWK } from 'jose'
import type { Clock } from '../../../lib/clock.js'
import { createLogger, type Logger } from '../../../lib/logger.js'
import { createAdminTokenVerifier, type AdminPrincipal, type AdminRole } from './admin-tokens.js'
import { AuthorityError, problemResponse } from '../authority-error.js'
import type { Authority } from '../registry/create-authority.js'
import { parseOperation } from '../registry/parse-operation.js'
import { readJsonBody } from './read-json-body.js'
import { mountRegistrationRoutes } from './registration-routes.js'
import type { Registrations } from '../registry/create-registrations.js'
import { directoryResponse } from '../serve-directory.js'
import { mountWitnessRoutes } from '../witness/witness-routes.js'
import type { WitnessStore } from '../witness/witness-store.js'

export const DEFAULT_ADMIN_BODY_LIMIT = 64 * 1024

export interface AuthorityAppOptions {
  authority: Authority
  /** The admin token key (its public half is used), as `ensureAdminKey` returns it. */
  adminKey: JWK
  now?: Clock
  /** Largest admin request body, bytes. */
  maxBodyBytes?: number
  logger?: Logger
  /** When given, the authority also witnesses gateways' log heads (`/witness/{node}`). */
  witness?: WitnessStore
  /** When given, new nodes register through `/registrations` (registration-routes.ts). */
  registrations?: Registrations
}

type Env = { Variables: { principal: AdminPrincipal } }

/**
 * Builds the authority's app: `GET /directory` (the JWS, ETag, 304), `GET /health`, and under
 * `/admin` the registry (`GET /admin/state`) and one `POST /admin/{operation}` per operation,
 * with `witness` also `GET`/`POST /witness/{node}` (witness-routes.ts), with `registrations` the
 * registration API (registration-routes.ts), answering problem+json on every error.
 *
 * @example serve({ fetch: createAuthorityApp({ authority, adminKey }).fetch, port: 8080 })
 */
export function createAuthorityApp(options: AuthorityAppOptions): Hono<Env> {
  const { authority } = options
  const logger = options.logger ?? createLogger({ name: 'directory-authority' })
  const verify = createAdminTokenVerifier({ publicJwk: options.adminKey, now: options.now })
  const app = new Hono<Env>()
  app.get('/directory', (c) =>
    directoryResponse(authority.current(), c.req.header('if-none-match')),
  )
  app.get('/health', (c) => {
    const { serial, expiresAt } = authority.current()
    return c.json({ status: 'ok', instance: authority.instance, serial, expiresAt })
  })
  app.use('/admin/*', async (c, next) => {
    c.set('principal', await verify(c.req.header('authorization')))
    await next()
  })
  app.get('/admin/state', (c) => {
    requireRole(c, ['admin', 'observer'])
    return c.json(authority.state())
  })
  if (options.registrations) {
    mountRegistrationRoutes(app, { registrations: options.registrations, requireRole })
  }
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_ADMIN_BODY_LIMIT
  app.post('/admin/:operation', async (c) => {
    const principal = requireRole(c, ['admin'])
    const operation = parseOperation(c.req.param('operation'), await readJsonBody(c, maxBodyBytes))
    return c.json(await authority.apply(operation, principal.subject))
  })
  if (options.witness) {
    const now = options.now ?? Date.now
    mountWitnessRoutes(app, { authority, store: options.witness, now, logger })
  }
  app.notFound(() => problemResponse(new AuthorityError('not_found')))
  app.onError((error) => {
    if (!(error instanceof AuthorityError) || error.status >= 500) logFailure(logger, error)
    return problemResponse(error)
  })
  return app
}

function requireRole(c: Context<Env>, roles: AdminRole[]): AdminPrincipal {
  const principal = c.get('principal')
  if (!(roles as string[]).includes(principal.role)) throw new AuthorityError('forbidden')
  return principal
}

/** Only the error's name, fixed message and code reach the log, never request data. */
function logFailure(logger: Logger, error: unknown): void {
  const described = (e: unknown): unknown =>
    e instanceof Error
      ? {
          name: e.name,
          message: e.message,
          code: (e as { code?: unknown }).code,
          cause: described(e.cause),
        }
      : undefined
  logger.error({ error: described(error) }, 'directory authority request failed')
}
