// The consumer's end of a signed exchange on plain values: verified, logged, then counted as released.
import { describe, expect, it } from 'vitest'
import type { AuditLog } from '#gateway/audit/index.js'
import { settleExchange } from '#gateway/consumer/complete-exchange.js'
import {
  BANK,
  createTestMetrics,
  exchangeSeries,
  failingLog,
  keepingLog,
  KYC_APP,
  PERSONS,
  PIN,
  POPULATION,
  populationKey,
  view,
} from '../exchange/fixtures.js'
import { consumerContext, consumerExchange, providerReply } from './fixtures.js'

const series = (outcome: string) =>
  `kopuro_exchanges_total{side="consumer",client="${KYC_APP}",service="${PERSONS}",outcome="${outcome}",node="${BANK}/gw1"} 1`

describe('settleExchange', () => {
  it('logs a verified reply, then releases it and counts it', async () => {
    const log = keepingLog()
    const metrics = await createTestMetrics(`${BANK}/gw1`)
    const ctx = consumerContext({ audit: log as unknown as AuditLog, metrics })
    const exchange = consumerExchange()
    const reply = providerReply(exchange)
    const settled = await settleExchange(ctx, view, exchange, { reply })
    expect(settled).toEqual({ reply })
    expect(log.records).toHaveLength(1)
    expect(log.records[0]).toMatchObject({
      side: 'consumer',
      node: `${BANK}/gw1`,
      peer: `${POPULATION}/gw1`,
      client: KYC_APP,
      service: PERSONS,
      path: '/{pin}',
      status: 200,
      signatures: {
        request: { signature: exchange.sent!.signed.signature },
        response: { keyid: populationKey.signing.keyid, signature: reply.headers['signature'] },
      },
    })
    expect(JSON.stringify(log.records[0])).not.toContain(PIN)
    expect(await exchangeSeries(metrics)).toEqual([series('2xx')])
  })

  it('withholds a verified 200 when the log fails, and counts logging_failed, not 2xx', async () => {
    const metrics = await createTestMetrics(`${BANK}/gw1`)
    const ctx = consumerContext({ audit: failingLog() as AuditLog, metrics })
    const exchange = consumerExchange()
    const settled = await settleExchange(ctx, view, exchange, { reply: providerReply(exchange) })
    expect(settled.reply).toBeUndefined()
    expect([settled.failure?.status, settled.failure?.error.code]).toEqual([
      500,
      'server.clientproxy.logging_failed',
    ])
    expect(await exchangeSeries(metrics)).toEqual([series('server.clientproxy.logging_failed')])
  })

  it('keeps a tampered reply’s refusal when the log fails too, and counts that refusal', async () => {
    const metrics = await createTestMetrics(`${BANK}/gw1`)
    const ctx = consumerContext({ audit: failingLog() as AuditLog, metrics })
    const exchange = consumerExchange()
    const reply = providerReply(exchange)
    reply.body = new TextEncoder().encode('{"name":"Someone else"}')
    const settled = await settleExchange(ctx, view, exchange, { reply })
    expect([settled.failure?.status, settled.failure?.error.code]).toEqual([
      502,
      'server.clientproxy.invalid_signature_value',
    ])
    expect(await exchangeSeries(metrics)).toEqual([
      series('server.clientproxy.invalid_signature_value'),
    ])
  })
})
