// The Redis the kopuro-redis target runs on: REDIS_URL if it answers, else a private redis-server.
import { Redis } from 'ioredis'
import { freePort } from './free-ports.js'
import type { ManagedProcess, ProcessGroup } from './processes.js'

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379'

const PING_TIMEOUT_MS = 500
const START_TIMEOUT_MS = 5000

export type BenchRedis =
  | {
      url: string
      /** The private redis-server, when the benchmark started one (its CPU is then measured). */
      server: ManagedProcess | undefined
      /** One line saying which Redis this is, with no credentials. */
      note: string
    }
  | { url: undefined; note: string }

/**
 * `REDIS_URL` (or the local default) when it answers PING, else a private redis-server that the
 * group stops with everything else, else `url: undefined` with the reason in `note`. Never throws.
 *
 * @example const redis = await findRedis(group); if (redis.url === undefined) console.error(redis.note)
 */
export async function findRedis(
  group: ProcessGroup,
  env: Record<string, string | undefined> = process.env,
): Promise<BenchRedis> {
  const url = env['REDIS_URL'] || DEFAULT_REDIS_URL
  if (await pingRedis(url)) {
    const note = `Redis at ${whereIs(url)} (not started by the benchmark: its CPU shows as other load)`
    return { url, server: undefined, note }
  }
  try {
    const { server, port } = await startPrivateRedis(group)
    const note = `a private redis-server on 127.0.0.1:${port} (its CPU is in the table)`
    return { url: `redis://127.0.0.1:${port}`, server, note }
  } catch (e) {
    const cause = (e as Error).message
    const note = `skipped: no Redis answers at ${whereIs(url)} and redis-server did not start (${cause})`
    return { url: undefined, note }
  }
}

/** Whether a Redis answers PING at `url` within `timeoutMs` (never throws, never retries). */
async function pingRedis(url: string, timeoutMs = PING_TIMEOUT_MS): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  })
  client.on('error', () => undefined)
  try {
    await client.connect()
    return (await client.ping()) === 'PONG'
  } catch {
    return false
  } finally {
    client.disconnect()
  }
}

/** Persistence off: every key has a TTL and the data dies with the run (docs/redis.md). */
async function startPrivateRedis(
  group: ProcessGroup,
): Promise<{ server: ManagedProcess; port: number }> {
  const port = await freePort()
  const server = group.spawn({
    name: 'redis-server',
    program: 'redis-server',
    args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
  })
  try {
    await waitForPong(server, `redis://127.0.0.1:${port}`)
    return { server, port }
  } catch (e) {
    await server.stop()
    throw e
  }
}

async function waitForPong(server: ManagedProcess, url: string): Promise<void> {
  let exited = false
  void server.exited.then(() => (exited = true))
  const deadline = Date.now() + START_TIMEOUT_MS
  while (Date.now() < deadline && !exited) {
    if (await pingRedis(url, 200)) return
    await new Promise((r) => setTimeout(r, 50))
  }
  const why = exited ? server.tail().trim().split('\n').at(-1) : `no PONG in ${START_TIMEOUT_MS} ms`
  throw new Error(why || 'redis-server exited')
}

/** Host and port only: a REDIS_URL may carry a password, which must not be printed. */
function whereIs(url: string): string {
  try {
    const { host } = new URL(url)
    return host || 'an unparsable REDIS_URL'
  } catch {
    return 'an unparsable REDIS_URL'
  }
}
