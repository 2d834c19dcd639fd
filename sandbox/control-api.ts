// The supervisor's control API: list the sandbox's processes, stop or start one. Loopback only,
// behind a random bearer token written to sandbox.json (the demo stops the bank's gateway).
import { timingSafeEqual } from 'node:crypto'
import { serve, type ServerType } from '@hono/node-server'
import { Hono } from 'hono'
import type { Supervisor } from './supervisor.js'
import { readWebText } from '../gateway/lib/read-body.js'

export interface ControlApiOptions {
  supervisor: Supervisor
  token: string
  port: number
  /** Called after a process was stopped or started (its pid changed). */
  onChange: () => Promise<void>
}

/**
 * `GET /processes`, `POST /processes/stop?name=…`, `POST /processes/start?name=…`.
 *
 * @example await startControlApi({ supervisor, token, port: 4708, onChange })
 */
export async function startControlApi(options: ControlApiOptions): Promise<ServerType> {
  const app = new Hono()
  const expected = Buffer.from(`Bearer ${options.token}`)
  app.use(async (c, next) => {
    const given = Buffer.from(c.req.header('authorization') ?? '')
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return c.json(
        { error: 'a valid control token is required (sandbox.json control.token)' },
        401,
      )
    }
    return next()
  })
  app.get('/processes', (c) => c.json({ processes: options.supervisor.list() }))
  // Two exact routes, not one pattern: a pattern route also matched `/processes/xstop`.
  for (const action of ['stop', 'start'] as const) {
    app.post(`/processes/${action}`, async (c) => {
      const name = c.req.query('name') ?? ''
      if (!options.supervisor.has(name)) return c.json({ error: 'no process of that name' }, 404)
      if (action === 'stop') await options.supervisor.stop(name)
      else await options.supervisor.start(name)
      await options.onChange()
      const state = options.supervisor.list().find((p) => p.name === name)
      return c.json({ process: state })
    })
  }
  app.notFound((c) => c.json({ error: 'no such route' }, 404))
  app.onError((err, c) => c.json({ error: err.message }, 500))
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port, hostname: '127.0.0.1' }, () =>
      resolve(server),
    )
    server.once('error', reject)
  })
}

/** Calls a running sandbox's control API (the demo, tests). */
export async function controlProcess(
  control: { url: string; token: string },
  action: 'stop' | 'start',
  name: string,
): Promise<void> {
  const res = await fetch(`${control.url}/processes/${action}?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${control.token}` },
  })
  if (!res.ok) {
    const text = await readWebText(res, 64 * 1024).catch(() => '')
    throw new Error(`${action} ${name}: HTTP ${res.status} ${text.slice(0, 300)}`)
  }
  await res.body?.cancel()
}
