// A private redis-server for tests that stop, hang and restart Redis under a running gateway.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { Redis } from 'ioredis'
import { freePort } from './ports.js'

export interface RedisServer {
  url: string
  port: number
  /** SIGTERM, then wait until the process has exited (its port is closed). */
  stop(): Promise<void>
  /** Starts a new redis-server on the same port (empty: nothing is saved) and waits for PING. */
  restart(): Promise<void>
  /** SIGSTOP: the port stays open but nothing answers, as with a hung or overloaded Redis. */
  pause(): void
  resume(): void
  close(): Promise<void>
}

/** The Redis the store suites use when it answers: `REDIS_URL`, or the local default. */
export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379'

/**
 * Starts `redis-server` on a free loopback port with persistence off and waits until it answers.
 * Rejects when redis-server is not installed or does not come up within `timeoutMs`.
 *
 * @example const redis = await startRedisServer(); await redis.stop(); await redis.restart()
 */
export async function startRedisServer(timeoutMs = 5000): Promise<RedisServer> {
  const port = await freePort()
  const url = `redis://127.0.0.1:${port}`
  let child = await launch(port, url, timeoutMs)
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGCONT')
    child.kill('SIGTERM')
    await once(child, 'exit')
  }
  return {
    url,
    port,
    stop,
    async restart() {
      await stop()
      child = await launch(port, url, timeoutMs)
    },
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
    close: stop,
  }
}

/** Whether a Redis answers PING at `url` within `timeoutMs` (never throws). */
export async function pingRedis(url: string, timeoutMs = 500): Promise<boolean> {
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

/**
 * A Redis for store suites: `REDIS_URL` when it answers, else a private redis-server, else
 * `undefined` with the reason (the caller skips, saying why).
 */
export async function findRedis(): Promise<
  { url: string; close(): Promise<void> } | { url: undefined; reason: string }
> {
  if (await pingRedis(REDIS_URL)) return { url: REDIS_URL, close: async () => undefined }
  try {
    return await startRedisServer()
  } catch (e) {
    const cause = (e as Error).message
    const reason = `no Redis answers at ${REDIS_URL} and redis-server did not start (${cause})`
    return { url: undefined, reason }
  }
}

async function launch(port: number, url: string, timeoutMs: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  )
  const failed = new Promise<never>((_resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)))
  })
  failed.catch(() => undefined)
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const answered = await Promise.race([pingRedis(url, 200), failed])
    if (answered) return child
    await new Promise((r) => setTimeout(r, 20))
  }
  child.kill('SIGKILL')
  throw new Error(`redis-server did not answer on port ${port} within ${timeoutMs} ms`)
}
