// The web console: server-rendered views over the running sandbox, for each user group.
import { Hono } from 'hono'
import { csrf } from 'hono/csrf'
import { HTTPException } from 'hono/http-exception'
import type { ConsoleContext } from './context.js'
import { mountAssets } from './assets.js'
import { hostAllowList } from './host-allow-list.js'
import { Page } from './layout.js'
import { createNoticeBoard } from './notices.js'
import { securityHeaders } from './security-headers.js'
import { HomePage } from './views/home.js'
import { mountAgencyView } from './views/agency.js'
import { mountAuditorView } from './views/auditor.js'
import { mountCatalogueView } from './views/catalogue.js'
import { mountCitizenView } from './views/citizen.js'
import { mountFederationView } from './views/federation.js'

export interface ConsoleAppOptions {
  /** The `host:port` authorities the console answers under (`consoleHosts`); others get 421. */
  hosts: readonly string[]
}

/**
 * Builds the console app. Every asset is served from this process: the machine may be offline.
 *
 * @example createConsoleApp(createConsoleContext('.kopuro/sandbox.json'), { hosts: consoleHosts(4700, []) })
 */
export function createConsoleApp(ctx: ConsoleContext, options: ConsoleAppOptions): Hono {
  if (options.hosts.length === 0) throw new TypeError('the console needs at least one host')
  const app = new Hono()
  const notices = createNoticeBoard()
  // Headers first, so even a 421 carries them; the Host check before anything acts.
  app.use(securityHeaders())
  app.use(hostAllowList(options.hosts))
  // Every form acts with the sandbox's credentials (a client's key, an agency's admin token):
  // a post from another origin is refused.
  app.use(csrf())
  app.get('/health', (c) => c.json({ status: 'ok' }))
  mountAssets(app)
  app.get('/', async (c) => {
    const sandbox = await ctx.sandbox().catch(() => undefined)
    return c.html(<HomePage demoPin={sandbox?.demoPin} />)
  })
  mountCatalogueView(app, ctx)
  mountAgencyView(app, ctx, notices)
  mountAuditorView(app, ctx, notices)
  mountCitizenView(app, ctx, notices)
  mountFederationView(app, ctx)
  app.notFound((c) =>
    c.html(
      <Page title="Not found">
        <p class="notice error">There is no such page in the console.</p>
        <p>
          <a href="/">Back to the start</a>
        </p>
      </Page>,
      404,
    ),
  )
  app.onError((err, c) => {
    // Hono's own refusals (a cross-origin form post) keep their status.
    const status = err instanceof HTTPException ? err.status : 500
    const title = status === 403 ? 'Refused' : status === 413 ? 'Too large' : 'Something went wrong'
    return c.html(
      <Page title={title}>
        <p class="notice error">{err.message || 'Refused'}</p>
      </Page>,
      status,
    )
  })
  return app
}
