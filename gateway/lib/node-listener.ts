// A Hono app's fetch as a Node request listener that never leaves a promise unhandled.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { getRequestListener } from '@hono/node-server'

type FetchHandler = Parameters<typeof getRequestListener>[0]

/**
 * `getRequestListener` answers errors of the app itself; this adds the last guard Node's
 * `'request'` event needs, since it ignores the listener's promise: a rejection (a socket torn
 * down mid-answer) destroys that response instead of surfacing as an unhandled rejection.
 *
 * @example createServer(options, toNodeListener(app.fetch))
 */
export function toNodeListener(
  fetch: FetchHandler,
): (req: IncomingMessage, res: ServerResponse) => void {
  const listener = getRequestListener(fetch)
  return (req, res) => {
    listener(req, res).catch((error: unknown) => {
      res.destroy(error instanceof Error ? error : undefined)
    })
  }
}
