// Prometheus metrics after real traffic; no path or personal code in any label or log line.
import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueRoleToken } from '#gateway/admin/index.js'
import { adminKeyFile } from '#sandbox/prepare-federation.js'
import { createPeer } from '../support/federation-client.js'
import { rawRequest } from '../support/http-raw.js'
import {
  BANK,
  KYC_APP,
  MARKETING_APP,
  PERSONS,
  PROVIDER,
  startTestFederation,
  type TestFederation,
} from '../support/test-federation.js'

const PIN = '22905199138381'
let fed: TestFederation
const logLines: string[] = []

beforeAll(async () => {
  const sink = new Writable({
    write: (chunk, _enc, done) => (logLines.push(String(chunk)), done()),
  })
  fed = await startTestFederation({ providerOptions: { logger: pino({ level: 'debug' }, sink) } })
  for (const [client, path] of [
    [KYC_APP, `/${PIN}`],
    [KYC_APP, `/${PIN}/family`],
    [MARKETING_APP, `/${PIN}`],
    [KYC_APP, `/29999999999999`],
  ] as const) {
    const token = await fed.token(client)
    await rawRequest(fed.bank.consumerUrl, `/r1/${PERSONS}${path}`, {
      headers: {
        authorization: `Bearer ${token}`,
        'x-road-client': client,
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      },
    })
  }
})
afterAll(() => fed?.close())

async function scrape(member = PROVIDER, adminUrl = fed.provider.adminUrl): Promise<string> {
  const key = JSON.parse(await readFile(adminKeyFile(fed.dir, member), 'utf8'))
  const token = await issueRoleToken(
    key,
    { memberId: member, now: Date.now },
    { subject: 'prometheus', role: 'observer' },
  )
  const res = await rawRequest(adminUrl, '/metrics', {
    headers: { authorization: `Bearer ${token}` },
  })
  expect(res.status).toBe(200)
  return res.body
}

describe('metrics', () => {
  it('counts exchanges by side, client, service and outcome', async () => {
    const text = await scrape()
    const line = (outcome: string, client = KYC_APP) =>
      `kopuro_exchanges_total{side="provider",client="${client}",service="${PERSONS}",outcome="${outcome}",node="${PROVIDER}/gw1"}`
    expect(text).toContain(`${line('2xx')} 1`)
    expect(text).toContain(`${line('4xx')} 1`)
    expect(text).toContain(`${line('server.serverproxy.access_denied')} 1`)
    expect(text).toContain(`${line('server.serverproxy.access_denied', MARKETING_APP)} 1`)
    expect(text).toMatch(
      /kopuro_exchange_duration_seconds_bucket\{le="0.1",node="[^"]+",side="provider"/,
    )
    expect(text).toMatch(/kopuro_directory_serial\{node="[^"]+"\} \d+/)
    expect(text).toMatch(/kopuro_audit_commit_seconds\{node="[^"]+"\} [\d.e-]+/)
    expect(text).toMatch(/kopuro_tls_certificate_expiry_seconds\{node="[^"]+"\} \d+/)
  })

  it('never puts a path or a personal code in a label or a log line', async () => {
    const text = await scrape()
    expect(text).not.toContain(PIN)
    expect(text).not.toContain('/family')
    expect(logLines.length).toBeGreaterThan(0)
    expect(logLines.join('')).not.toContain(PIN)
  })

  it('carries traceparent across the exchange into both gateways’ records', async () => {
    const { readAuditRecords } = await import('#gateway/audit/index.js')
    for (const gateway of [fed.bank, fed.provider]) {
      const traces = new Set<string | undefined>()
      for await (const r of readAuditRecords(gateway.gateway.config.audit.dir)) traces.add(r.trace)
      expect([...traces]).toEqual(['00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'])
    }
  })

  it('adds no series for 1,000 requests with random client and service ids', async () => {
    const peer = await createPeer(fed, `${BANK}/gw1`)
    const token = await fed.token(KYC_APP)
    const random = () => `r-${randomUUID().slice(0, 8)}`
    const service = () => `/r1/${PROVIDER}/${random()}/${random()}`
    // Each kind of made-up request: an unknown client at the provider, an unknown service at the
    // provider, and an unknown service asked through the bank's own gateway.
    const kinds = [
      async () => {
        const res = await peer.send({ path: service(), client: `${BANK}/${random()}` })
        expect(res.headers['x-road-error']).toBe('server.serverproxy.access_denied')
      },
      async () => {
        const res = await peer.send({ path: service(), client: KYC_APP })
        expect(res.headers['x-road-error']).toBe('server.serverproxy.unknown_service')
      },
      async () => {
        const res = await rawRequest(fed.bank.consumerUrl, service(), {
          headers: { authorization: `Bearer ${token}`, 'x-road-client': KYC_APP },
        })
        expect(res.status).toBeGreaterThanOrEqual(400)
      },
    ]
    const series = async () => {
      const texts = [await scrape(), await scrape(BANK, fed.bank.adminUrl)]
      return texts.flatMap((t) => t.split('\n').filter((l) => l !== '' && !l.startsWith('#')))
    }
    try {
      for (const kind of kinds) await kind()
      const before = await series()
      for (let sent = 0; sent < 1000; sent += 20) {
        await Promise.all(Array.from({ length: 20 }, (_, i) => kinds[(sent + i) % kinds.length]!()))
      }
      const after = await series()
      expect(after.length).toBe(before.length)
      expect(after.join('\n')).toContain(
        `kopuro_exchanges_total{side="provider",client="other",service="other",outcome="server.serverproxy.access_denied"`,
      )
      expect(after.join('\n')).not.toMatch(/r-[0-9a-f]{8}/)
    } finally {
      await peer.close()
    }
  })

  it('needs a role token', async () => {
    expect((await rawRequest(fed.provider.adminUrl, '/metrics')).status).toBe(401)
  })
})
