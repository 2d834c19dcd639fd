// What only the Redis store does: configuration checks, key layout, outages, hangs and recovery.
import { randomUUID } from 'node:crypto'
import { Writable } from 'node:stream'
import { Redis } from 'ioredis'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRedisStore, type RedisStoreOptions, type Store } from '#gateway/store/index.js'
import { startRedisServer, type RedisServer } from '../../support/redis-server.js'

const COMMAND_TIMEOUT_MS = 200
/** Room for a busy test machine: a bound on "never hangs", not a speed claim. */
const SLACK_MS = 500

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A pino logger whose lines the test can read. */
function capturingLogger() {
  const lines: { level: number; msg: string; [k: string]: unknown }[] = []
  const raw: string[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      raw.push(chunk.toString())
      lines.push(JSON.parse(chunk.toString()) as (typeof lines)[number])
      done()
    },
  })
  return { logger: pino({ level: 'info' }, stream), lines, raw }
}

async function timed<T>(promise: Promise<T>): Promise<{ ms: number; result: T | Error }> {
  const startedAt = performance.now()
  const result = await promise.catch((e: Error) => e)
  return { ms: performance.now() - startedAt, result }
}

async function untilPing(store: Store, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs
  while (!(await store.ping())) {
    if (performance.now() > deadline) throw new Error(`no PONG within ${timeoutMs} ms`)
    await sleep(25)
  }
}

describe('startRedisStore configuration', () => {
  it.each<[string, RedisStoreOptions, RegExp]>([
    ['no topology', {}, /exactly one of url, sentinel or cluster/],
    [
      'two topologies',
      { url: 'redis://127.0.0.1', cluster: { nodes: [{ host: 'a', port: 1 }] } },
      /exactly one/,
    ],
    ['an http url', { url: 'http://127.0.0.1:6379' }, /redis:\/\/ or rediss:\/\//],
    ['sentinel without sentinels', { sentinel: { sentinels: [], name: 'm' } }, /sentinels/],
    [
      'sentinel without a name',
      { sentinel: { sentinels: [{ host: 'a', port: 1 }], name: '' } },
      /name/,
    ],
    ['cluster without nodes', { cluster: { nodes: [] } }, /at least one node/],
    ['a zero command timeout', { url: 'redis://h', commandTimeoutMs: 0 }, /commandTimeoutMs/],
    ['a NaN connect timeout', { url: 'redis://h', connectTimeoutMs: NaN }, /connectTimeoutMs/],
  ])('refuses %s with a TypeError at start-up', (_name, options, message) => {
    expect(() => startRedisStore(options)).toThrow(TypeError)
    expect(() => startRedisStore(options)).toThrow(message)
  })

  it('never echoes a url, which may carry a password', () => {
    expect(() => startRedisStore({ url: 'https://:s3cret@h' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('s3cret') }),
    )
  })
})

describe('a Redis store whose Redis never answered', () => {
  it('rejects at once, pings false, warns once without the password, and closes', async () => {
    const { logger, lines, raw } = capturingLogger()
    const store = startRedisStore({ url: 'redis://:s3cret@127.0.0.1:1', logger })
    const { ms, result } = await timed(store.setIfAbsent('nonce:a', 1000))
    expect(result).toBeInstanceOf(Error)
    expect(ms).toBeLessThan(COMMAND_TIMEOUT_MS + SLACK_MS + 500)
    expect(await store.ping()).toBe(false)
    await sleep(400) // several reconnection attempts
    expect(lines.filter((l) => l.level === 40).map((l) => l.msg)).toEqual([
      'redis store unreachable',
    ])
    expect(raw.join('')).not.toContain('s3cret')
    await store.close()
    await store.close()
  })
})

const redis: RedisServer | Error = await startRedisServer().catch((e: Error) => e)

describe('a Redis store on a private redis-server', () => {
  if (redis instanceof Error) {
    it.skip(`skipped: redis-server could not be started (${redis.message})`, () => undefined)
    return
  }
  const server = redis
  const keyPrefix = `kopuro-test:${randomUUID()}:`
  const captured = capturingLogger()
  let store: Store
  let raw: Redis
  beforeAll(() => {
    store = startRedisStore({
      url: server.url,
      keyPrefix,
      commandTimeoutMs: COMMAND_TIMEOUT_MS,
      logger: captured.logger,
    })
    raw = new Redis(server.url)
  })
  afterAll(async () => {
    raw.disconnect()
    await store.close()
    await server.close()
  })

  it('puts every key, the rate script key included, under the prefix and with a TTL', async () => {
    await store.setIfAbsent('nonce:k:n', 10_000)
    await store.consumeRate('client-a', 5, 10_000)
    await store.revokeToken('jti-1', 10_000)
    const keys = (await raw.keys(`${keyPrefix}*`)).sort()
    expect(keys.map((k) => k.slice(keyPrefix.length))).toEqual([
      'nonce:k:n',
      'rate:client-a',
      'revoked:jti-1',
    ])
    for (const key of keys) expect(await raw.pttl(key)).toBeGreaterThan(0)
  })

  it('fails at once while Redis is down and recovers by itself when it returns', async () => {
    expect(await store.setIfAbsent('nonce:o:1', 10_000)).toBe(true)
    await server.stop()
    const failed = await timed(store.setIfAbsent('nonce:o:2', 10_000))
    expect(failed.result).toBeInstanceOf(Error)
    expect(failed.ms).toBeLessThan(COMMAND_TIMEOUT_MS + SLACK_MS)
    const rate = await timed(store.consumeRate('client-o', 5, 10_000))
    expect(rate.result).toBeInstanceOf(Error)
    const ping = await timed(store.ping())
    expect([ping.result, ping.ms < COMMAND_TIMEOUT_MS + SLACK_MS]).toEqual([false, true])

    await server.restart()
    await untilPing(store, 5000)
    // The restarted Redis is empty: the rate script is loaded again on first use.
    expect(await store.consumeRate('client-o', 5, 10_000)).toMatchObject({ allowed: true })
    expect(await store.setIfAbsent('nonce:o:2', 10_000)).toBe(true)
    const messages = captured.lines.map((l) => l.msg)
    expect(messages).toContain('redis store unreachable')
    expect(messages.at(-1)).toBe('redis store reachable again')
  })

  it('rejects within the command timeout while Redis hangs, and carries on after', async () => {
    server.pause()
    try {
      const outcomes = await Promise.all([
        timed(store.setIfAbsent('nonce:h:1', 10_000)),
        timed(store.consumeRate('client-h', 5, 10_000)),
        timed(store.isTokenRevoked('jti-h')),
        timed(store.ping()),
      ])
      expect(outcomes.map((o) => o.result)).toEqual([
        expect.any(Error),
        expect.any(Error),
        expect.any(Error),
        false,
      ])
      expect(outcomes.filter((o) => o.ms > COMMAND_TIMEOUT_MS + SLACK_MS)).toEqual([])
    } finally {
      server.resume()
    }
    await untilPing(store, 5000)
    expect(await store.setIfAbsent('nonce:h:2', 10_000)).toBe(true)
    expect(await store.setIfAbsent('nonce:h:2', 10_000)).toBe(false)
  })
})
