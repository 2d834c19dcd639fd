// The admin listener's one role check: each route declares the roles it allows.
import type { MiddlewareHandler } from 'hono'
import type { Principal, Role, RoleTokenVerifier } from './role-tokens.js'

/** What the role check leaves for the route: the verified principal. */
export interface AdminEnv {
  Variables: { principal: Principal }
}

/** A route's role check, with the roles it lets through (read by the route table's tests). */
export type RoleCheck = MiddlewareHandler<AdminEnv> & { readonly roles: readonly Role[] }

/**
 * Binds the node's role token verifier; the result makes one middleware per route, run before
 * anything else of the route (no body is read for a refused token). A missing or bad token is
 * refused with 401 (`client.unauthorized`, `client.invalid_token`, `client.token_revoked`), a
 * role the route does not allow with 403 `client.forbidden` (docs/design.md §2: auditors and
 * observers only read).
 *
 * @example app.get('/metrics', requireRoles('observer', 'auditor', 'admin'), handler)
 */
export function createRequireRoles(verifyRole: RoleTokenVerifier): (...roles: Role[]) => RoleCheck {
  return (...roles) => {
    const allowed = Object.freeze([...roles])
    const check: MiddlewareHandler<AdminEnv> = async (c, next) => {
      c.set('principal', await verifyRole(c.req.header('authorization'), allowed))
      await next()
    }
    return Object.assign(check, { roles: allowed })
  }
}

/** The roles a route's handler allows, if it is a role check. */
export function rolesOf(handler: unknown): readonly Role[] | undefined {
  return typeof handler === 'function' && Array.isArray((handler as { roles?: unknown }).roles)
    ? (handler as RoleCheck).roles
    : undefined
}
