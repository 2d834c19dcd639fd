// The consumer listener's Hono app: the token endpoint and X-Road REST v1 for local information systems.
import type { HttpBindings } from '@hono/node-server'
import { Hono } from 'hono'
import { GatewayError } from '../lib/errors.js'
import { errorResponse, toErrorParts } from '../lib/error-response.js'
import { readTokenRequest } from '../tokens/index.js'
import type { ConsumerContext } from './consumer-context.js'
import { handleConsumerRequest } from './handle-consumer-request.js'
import { listClients } from './list-clients.js'

/**
 * Builds the consumer side's app: `POST /token` (RFC 7523 client credentials) and
 * `{METHOD} /r1/{service}[/path]` (X-Road REST v1).
 *
 * @example serve({ fetch: createConsumerApp(ctx).fetch, port: 8080 })
 */
export function createConsumerApp(ctx: ConsumerContext): Hono<{ Bindings: HttpBindings }> {
  const app = new Hono<{ Bindings: HttpBindings }>()
  app.post('/token', async (c) => {
    try {
      return c.json(await ctx.issueToken(await readTokenRequest(c.req.raw)), 200, {
        'cache-control': 'no-store',
      })
    } catch (e) {
      return tokenError(ctx, e)
    }
  })
  // RFC 7009 in spirit: the holder of an access token may revoke it (log out) at any node of the
  // member; with a shared store every other node refuses it from then on.
  app.post('/token/revoke', async (c) => {
    const claims = await ctx.verifyToken(c.req.header('authorization'))
    await ctx.revokeToken(claims)
    return c.body(null, 204)
  })
  app.get('/listClients', (c) =>
    c.json(listClients(ctx.directory.current('consumer'), c.req.query('xRoadInstance'))),
  )
  app.all('/r1/*', (c) => handleConsumerRequest(ctx, c.env))
  app.all('*', () => {
    throw new GatewayError('client.invalid_service_identifier')
  })
  app.onError((err) =>
    errorResponse(toErrorParts(err, 'server.clientproxy.internal_error', ctx.logger)),
  )
  return app
}

/**
 * RFC 6749 §5.2 error responses for the token endpoint; a body over the limit keeps the
 * gateway's own `client.request_too_large` (413), which OAuth has no error for.
 */
function tokenError(ctx: ConsumerContext, e: unknown): Response {
  const parts = toErrorParts(e, 'server.clientproxy.internal_error', ctx.logger)
  if (parts.error.code === 'client.bad_request') return oauthError(400, 'unsupported_grant_type')
  if (parts.status === 401) return oauthError(401, 'invalid_client')
  return errorResponse(parts)
}

function oauthError(status: 400 | 401, error: string): Response {
  return new Response(JSON.stringify({ error }), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  })
}
