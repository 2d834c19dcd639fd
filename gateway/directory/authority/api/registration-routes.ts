// The registration API: requests from new nodes (public) and the operator's decisions (admin).
import type { Context, Hono } from 'hono'
import { MAX_REGISTRATION_BYTES } from '../../registration/index.js'
import { AuthorityError } from '../authority-error.js'
import type { Registrations } from '../registry/create-registrations.js'
import type { RegistrationStatus } from '../registry/registration-store.js'
import type { AdminPrincipal, AdminRole } from './admin-tokens.js'
import { readJoseBody, readJsonBody } from './read-json-body.js'

/** A decision's body is one certificate or one reason: small. */
const DECISION_BODY_LIMIT = 64 * 1024
const STATUSES = ['pending', 'approved', 'rejected', 'all'] as const

type Env = { Variables: { principal: AdminPrincipal } }

export interface RegistrationRoutesOptions {
  registrations: Registrations
  /** The admin API's role check: throws `forbidden` unless the token has one of `roles`. */
  requireRole(c: Context<Env>, roles: AdminRole[]): AdminPrincipal
}

/**
 * Mounts, as docs/protocol.md §5.6 defines them:
 * - `POST /registrations` (application/jose, ≤ 64 KiB) → 202 `{ id, status, statusUrl }`;
 * - `GET /registrations/{id}` (public; ids are unguessable);
 * - `GET /admin/registrations[?status=]` (admin, observer);
 * - `POST /admin/registrations/{id}/approve` `{ certificate }` and `…/reject` `{ reason }` (admin).
 * The admin routes sit behind the app's `/admin/*` token check.
 *
 * @example mountRegistrationRoutes(app, { registrations, requireRole })
 */
export function mountRegistrationRoutes(app: Hono<Env>, options: RegistrationRoutesOptions): void {
  const { registrations, requireRole } = options
  app.post('/registrations', async (c) => {
    const jws = await readJoseBody(c, MAX_REGISTRATION_BYTES)
    const accepted = await registrations.submit(jws.trim())
    return c.json(accepted, 202, { location: accepted.statusUrl })
  })
  app.get('/registrations/:id', (c) =>
    c.json(registrations.view(c.req.param('id')), 200, { 'cache-control': 'no-store' }),
  )
  app.get('/admin/registrations', (c) => {
    requireRole(c, ['admin', 'observer'])
    const status = c.req.query('status') ?? 'all'
    if (!(STATUSES as readonly string[]).includes(status)) {
      throw new AuthorityError('invalid_request', {
        detail: 'status must be pending, approved, rejected or all',
      })
    }
    return c.json(registrations.list(status === 'all' ? undefined : (status as RegistrationStatus)))
  })
  app.post('/admin/registrations/:id/approve', async (c) => {
    const principal = requireRole(c, ['admin'])
    const body = onlyField(await readJsonBody(c, DECISION_BODY_LIMIT), 'certificate')
    return c.json(await registrations.approve(c.req.param('id'), body, principal.subject))
  })
  app.post('/admin/registrations/:id/reject', async (c) => {
    const principal = requireRole(c, ['admin'])
    const body = onlyField(await readJsonBody(c, DECISION_BODY_LIMIT), 'reason')
    return c.json(await registrations.reject(c.req.param('id'), body, principal.subject))
  })
}

/** The body `{ <field>: string }` and nothing else. */
function onlyField(body: unknown, field: string): string {
  const input = body as Record<string, unknown> | null
  const ok =
    typeof input === 'object' &&
    input !== null &&
    !Array.isArray(input) &&
    Object.keys(input).length === 1 &&
    typeof input[field] === 'string'
  if (!ok)
    throw new AuthorityError('invalid_request', {
      detail: `the body must be { "${field}": string }`,
    })
  return input[field] as string
}
