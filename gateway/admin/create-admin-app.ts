// The admin listener's app: liveness and readiness now; publication and audit APIs build on it.
import { Hono } from 'hono'
import type { AuditLog } from '../audit/index.js'
import type { DirectoryClient } from '../directory/index.js'
import type { Clock } from '../lib/clock.js'
import type { Store } from '../store/index.js'

export interface AdminContext {
  nodeId: string
  directory: DirectoryClient
  store: Store
  audit: AuditLog
  now: Clock
}

/**
 * Builds the admin app. `/health` says the process runs; `/ready` says it can carry traffic:
 * keys loaded, directory valid, message log writable, store reachable (DESIGN §6).
 *
 * @example serve({ fetch: createAdminApp(ctx).fetch, port: 9090 })
 */
export function createAdminApp(ctx: AdminContext): Hono {
  const app = new Hono()
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
  return app
}
