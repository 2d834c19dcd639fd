// The federation listener's Hono app: every request is a signed exchange from a peer gateway.
import type { HttpBindings } from '@hono/node-server'
import { Hono } from 'hono'
import { errorResponse, toErrorParts } from '../lib/error-response.js'
import { handleFederationRequest } from './handle-federation-request.js'
import type { ProviderContext } from './provider-context.js'

/**
 * Builds the provider side's app. Mount it on an HTTPS server that requests client certificates
 * (see `createFederationServerOptions`); the peer check reads the TLS socket.
 *
 * @example serve({ fetch: createProviderApp(ctx).fetch, createServer: https.createServer, serverOptions })
 */
export function createProviderApp(ctx: ProviderContext): Hono<{ Bindings: HttpBindings }> {
  const app = new Hono<{ Bindings: HttpBindings }>()
  app.all('*', (c) => handleFederationRequest(ctx, c.env))
  app.onError((err) =>
    errorResponse(toErrorParts(err, 'server.serverproxy.internal_error', ctx.logger)),
  )
  return app
}
