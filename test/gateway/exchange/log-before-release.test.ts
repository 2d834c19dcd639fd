// The rule closing every exchange: durable first, then released and counted, as the caller saw it.
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import type { AuditRecordInput } from '#gateway/audit/index.js'
import { logBeforeRelease, type ExchangeRecord } from '#gateway/exchange/index.js'
import { sampleRecord } from '../../support/audit-fixtures.js'
import { failingLog, keepingLog, silent } from './fixtures.js'

function record(side: 'consumer' | 'provider', change: Partial<AuditRecordInput> = {}) {
  return { ...sampleRecord(1), side, status: 200, ...change } as ExchangeRecord
}

function counter() {
  const seen: AuditRecordInput[] = []
  return { seen, observe: (r: AuditRecordInput) => void seen.push(r) }
}

describe('logBeforeRelease', () => {
  it('counts the exchange only once the log has made its record durable', async () => {
    let durable!: () => void
    const appended: AuditRecordInput[] = []
    const audit = {
      append: (r: AuditRecordInput) => {
        appended.push(r)
        return new Promise<{ seq: number; hash: string }>((resolve) => {
          durable = () => resolve({ seq: 1, hash: 'h' })
        })
      },
    }
    const metrics = counter()
    const done = logBeforeRelease({ audit, logger: silent, metrics }, record('provider'), undefined)
    await expect.poll(() => appended.length).toBe(1)
    expect(metrics.seen).toEqual([])
    durable()
    expect(await done).toEqual({ durable: true })
    expect(metrics.seen).toEqual([appended[0]])
  })

  it.each([
    ['consumer', 'server.clientproxy.logging_failed'],
    ['provider', 'server.serverproxy.logging_failed'],
  ] as const)('turns a %s answer the log refused into %s and counts that', async (side, code) => {
    const metrics = counter()
    const logged = await logBeforeRelease(
      { audit: failingLog(), logger: silent, metrics },
      record(side, { sizes: { request: 3, response: 506 } }),
      undefined,
    )
    expect(logged.durable).toBe(false)
    expect([logged.loggingFailed?.status, logged.loggingFailed?.error.code]).toEqual([500, code])
    const body = JSON.parse(logged.loggingFailed!.body) as { type: string; detail: string }
    expect(body).toMatchObject({ type: code, detail: logged.loggingFailed!.correlationId })
    expect(metrics.seen).toHaveLength(1)
    expect(metrics.seen[0]).toMatchObject({
      side,
      status: 500,
      error: code,
      correlationId: logged.loggingFailed!.correlationId,
      sizes: { request: 3, response: Buffer.byteLength(logged.loggingFailed!.body) },
    })
  })

  it('keeps an error answer the log refused, and logs the failure under its correlation id', async () => {
    const lines: string[] = []
    const sink = new Writable({
      write: (chunk, _enc, done) => {
        lines.push(String(chunk))
        done()
      },
    })
    const logger = pino({ level: 'error' }, sink)
    const metrics = counter()
    const refused = record('provider', {
      status: 403,
      error: 'server.serverproxy.access_denied',
      correlationId: 'corr-1',
    })
    const logged = await logBeforeRelease({ audit: failingLog(), logger, metrics }, refused, {
      correlationId: 'corr-1',
    })
    expect(logged).toEqual({ durable: false })
    expect(metrics.seen).toEqual([refused])
    expect(lines.map((l) => JSON.parse(l) as { msg: string; correlationId: string })).toEqual([
      expect.objectContaining({ msg: 'message log write failed', correlationId: 'corr-1' }),
    ])
  })

  it('counts an answer to HEAD that the log refused with no response body', async () => {
    const metrics = counter()
    await logBeforeRelease(
      { audit: failingLog(), logger: silent, metrics },
      record('consumer', { method: 'HEAD', sizes: { request: 0, response: 0 } }),
      undefined,
    )
    expect(metrics.seen[0]).toMatchObject({ status: 500, sizes: { request: 0, response: 0 } })
  })

  it('releases a durable answer even if counting it fails', async () => {
    const log = keepingLog()
    const metrics = {
      observe: () => {
        throw new Error('label set mismatch')
      },
    }
    const logged = await logBeforeRelease(
      { audit: log, logger: silent, metrics },
      record('consumer'),
      undefined,
    )
    expect(logged).toEqual({ durable: true })
    expect(log.records).toHaveLength(1)
  })
})
