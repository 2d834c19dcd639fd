// The admin listener's app: health and readiness, and the auditor API behind role tokens.
import { Hono } from 'hono'
import type { Registry } from 'prom-client'
import type { Logger } from 'pino'
import type { AuditLog } from '../audit/index.js'
import type { DirectoryClient } from '../directory/index.js'
import { evidenceResponse } from '../evidence/index.js'
import type { Clock } from '../lib/clock.js'
import { errorResponse, toErrorParts } from '../lib/error-response.js'
import { GatewayError } from '../lib/errors.js'
import type { Store } from '../store/index.js'
import { parseRecordQuery, queryRecords, toCsv, visibleTo } from './record-query.js'
import { mountAdminActions, readAdminBody, type AdminActionsContext } from './admin-actions.js'
import { createRequireRoles, type AdminEnv } from './require-roles.js'
import { revokeRoleToken, type RoleTokenVerifier } from './role-tokens.js'

export interface AdminContext {
  /** Run-time administration (grants, service notices); absent: read-only admin listener. */
  actions?: Pick<
    AdminActionsContext,
    'policy' | 'services' | 'log' | 'publish' | 'changes' | 'hasSubsystem' | 'backendAllowed'
  >
  nodeId: string
  directory: DirectoryClient
  store: Store
  audit: AuditLog
  auditDir: string
  verifyRole: RoleTokenVerifier
  metrics: Registry
  now: Clock
  logger: Logger
}

/**
 * Builds the admin app (never on the federation port, docs/design.md §2). `/health` says the process
 * runs; `/ready` that it can carry traffic: directory valid, message log writable, store
 * reachable (docs/design.md §6). `/audit/records` serves auditors (everything, read-only) and members
 * (only exchanges they took part in); `/audit/evidence/{x-road-id}` one exchange's evidence, or
 * the list of exchanges a reused X-Road-Id names. Every route but `/health` and `/ready` names
 * the roles it allows (`requireRoles`), checked before the route does anything.
 *
 * @example serve({ fetch: createAdminApp(ctx).fetch, port: 9090 })
 */
export function createAdminApp(ctx: AdminContext): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>()
  const requireRoles = createRequireRoles(ctx.verifyRole)
  app.get('/health', (c) => c.json({ status: 'ok', node: ctx.nodeId }))
  app.get('/ready', async (c) => {
    const directory = ctx.directory.status()
    const storeReachable = await ctx.store.ping().catch(() => false)
    const logWritable = !ctx.audit.stats().failed
    const ready = directory.valid && storeReachable && logWritable
    return c.json(
      {
        status: ready ? 'ready' : 'not_ready',
        node: ctx.nodeId,
        directory,
        store: { reachable: storeReachable },
        log: { writable: logWritable, seq: ctx.audit.stats().seq },
      },
      ready ? 200 : 503,
    )
  })
  app.get('/metrics', requireRoles('observer', 'auditor', 'admin'), async (c) => {
    return c.body(await ctx.metrics.metrics(), 200, { 'content-type': ctx.metrics.contentType })
  })
  app.get('/audit/records', requireRoles('auditor', 'member', 'admin'), async (c) => {
    const principal = c.get('principal')
    const query = parseRecordQuery(new URL(c.req.url).searchParams)
    const page = await queryRecords(ctx.auditDir, query, visibleTo(principal))
    const next: Record<string, string> = page.next ? { 'x-next-cursor': page.next } : {}
    if (query.format === 'csv') {
      return c.body(toCsv(page.records), 200, {
        'content-type': 'text/csv; charset=utf-8',
        ...next,
      })
    }
    if (query.format === 'ndjson') {
      const body = page.records.map((r) => JSON.stringify(r) + '\n').join('')
      return c.body(body, 200, { 'content-type': 'application/x-ndjson', ...next })
    }
    return c.json({ records: page.records, next: page.next ?? null }, 200, next)
  })
  app.get('/audit/evidence/:xRoadId', requireRoles('auditor', 'member', 'admin'), async (c) => {
    const principal = c.get('principal')
    return evidenceResponse({
      log: ctx.audit,
      auditDir: ctx.auditDir,
      directory: ctx.directory.held(),
      xRoadId: c.req.param('xRoadId'),
      params: new URL(c.req.url).searchParams,
      visible: visibleTo(principal),
      logger: ctx.logger,
    })
  })
  // A leaked role token is withdrawn by its `jti` on every node sharing this store (docs/design.md §6).
  app.post('/admin/tokens/revoke', requireRoles('admin'), async (c) => {
    const principal = c.get('principal')
    const input = ((await readAdminBody(c)) ?? {}) as { jti?: unknown }
    if (typeof input.jti !== 'string') {
      throw new GatewayError('client.bad_request', { message: 'jti must be a UUID' })
    }
    await revokeRoleToken(ctx.store, input.jti)
    ctx.logger.info({ by: principal.subject, jti: input.jti }, 'role token revoked')
    return c.json({ revoked: input.jti })
  })
  if (ctx.actions) {
    mountAdminActions(app, requireRoles, {
      ...ctx.actions,
      nodeId: ctx.nodeId,
      now: ctx.now,
    })
  }
  // Routes match method and path exactly; anything else is named as such, not left to Hono's text.
  app.notFound(() =>
    errorResponse(
      toErrorParts(new GatewayError('client.unknown_route'), 'client.unknown_route', ctx.logger),
    ),
  )
  app.onError((err) =>
    errorResponse(toErrorParts(err, 'server.serverproxy.internal_error', ctx.logger)),
  )
  return app
}
