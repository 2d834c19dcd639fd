// Trust between gateways: foreign CAs, certificates of other members, bad response signatures, log failure.
import { open, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRootCa, issueNodeCertificate } from '#certs/index.js'
import { issueRoleToken } from '#gateway/admin/index.js'
import { createAuditLog, verifyAuditLog } from '#gateway/audit/index.js'
import { adminKeyFile } from '#sandbox/prepare-federation.js'
import { rawRequest, xroadError } from '../support/http-raw.js'
import { startTamperingNode } from '../support/tampering-node.js'
import { writeFile, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import {
  KYC_APP,
  OPERATOR,
  PERSONS,
  PROVIDER,
  BANK,
  startTestFederation,
  type TestFederation,
} from '../support/test-federation.js'
import { expectErrorLog } from '../support/error-logs.js'

let fed: TestFederation
let token: string
let pin: string

beforeAll(async () => {
  fed = await startTestFederation()
  token = await fed.token(KYC_APP)
  const search = await fetch(`${fed.registryUrl}/persons?lastName=Asanov&limit=1`)
  pin = ((await search.json()) as { items: { pin: string }[] }).items[0]!.pin
})
afterAll(() => fed?.close())

const headers = (extra: Record<string, string> = {}) => ({
  authorization: `Bearer ${token}`,
  'x-road-client': KYC_APP,
  ...extra,
})

/** The `kopuro_exchanges_total` lines of a node's `/metrics`, read with an observer token. */
async function exchangeSeries(member: string, adminUrl: string): Promise<string[]> {
  const key = JSON.parse(await readFile(adminKeyFile(fed.dir, member), 'utf8'))
  const role = await issueRoleToken(
    key,
    { memberId: member, now: Date.now },
    { subject: 'prometheus', role: 'observer' },
  )
  const res = await rawRequest(adminUrl, '/metrics', {
    headers: { authorization: `Bearer ${role}` },
  })
  expect(res.status).toBe(200)
  return res.body.split('\n').filter((l) => l.startsWith('kopuro_exchanges_total{'))
}

/** A log whose fsync fails, as on a full or failing disk: the data never becomes durable. */
async function failingLog(dir: string) {
  return createAuditLog({
    dir,
    openSegment: async (path, flags) => {
      const handle = await open(path, flags)
      return {
        write: (b, o, l) => handle.write(b, o, l),
        datasync: async () => {
          throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' })
        },
        close: () => handle.close(),
      }
    },
  })
}

describe('gateway-to-gateway trust', () => {
  it('refuses a consumer gateway whose certificate comes from a CA not in the directory', async () => {
    expectErrorLog('exchange failed', { code: 'server.clientproxy.network_error' })
    const rogueCa = await createRootCa({ name: 'Rogue CA' })
    const rogue = await issueNodeCertificate({ ca: rogueCa, nodeId: `${BANK}/gw1` })
    const dir = await mkdtemp(join(tmpdir(), 'kopuro-rogue-'))
    await writeFile(join(dir, 'cert.pem'), rogue.chainPem)
    await writeFile(join(dir, 'key.pem'), rogue.keyPem)
    const bank = await fed.startVariant(`${BANK}/gw1`, (c) => ({
      ...c,
      tls: { certFile: join(dir, 'cert.pem'), keyFile: join(dir, 'key.pem') },
      audit: { dir: join(dir, 'audit') },
    }))
    const res = await rawRequest(bank.consumerUrl, `/r1/${PERSONS}/${pin}`, { headers: headers() })
    // The provider refuses the handshake itself: no answer of its own reaches the consumer, which
    // reports a provider it could not reach.
    expect([res.status, xroadError(res).code]).toEqual([502, 'server.clientproxy.network_error'])
    expect(res.body).not.toContain(pin)
  })

  it('refuses a valid federation certificate registered to another member', async () => {
    const operator = fed.node(`${OPERATOR}/gw1`).config
    const bank = await fed.startVariant(`${BANK}/gw1`, (c) => ({
      ...c,
      tls: operator.tls,
      audit: { dir: join(fed.dir, 'audit-variant-operator-cert') },
    }))
    const res = await rawRequest(bank.consumerUrl, `/r1/${PERSONS}/${pin}`, { headers: headers() })
    expect([res.status, xroadError(res).code]).toEqual([
      401,
      'server.serverproxy.ssl_authentication_failed',
    ])
  })

  it('refuses a provider node presenting a certificate not registered for it', async () => {
    expectErrorLog('exchange failed', { code: 'server.clientproxy.ssl_authentication_failed' })
    // gw2's registered port is served with gw1's certificate: the fingerprint pin fails.
    const gw2 = fed.node(`${PROVIDER}/gw2`).config
    const gw1 = fed.node(`${PROVIDER}/gw1`).config
    const provider = await fed.startVariant(`${PROVIDER}/gw1`, (c) => ({
      ...c,
      listen: { ...c.listen, federationPort: gw2.listen.federationPort },
      tls: gw1.tls,
      audit: { dir: join(fed.dir, 'audit-variant-gw2') },
    }))
    const res = await rawRequest(fed.bank.consumerUrl, `/r1/${PERSONS}/${pin}`, {
      headers: headers({ 'x-road-security-server': `${PROVIDER}/gw2` }),
    })
    expect([res.status, xroadError(res).code]).toEqual([
      502,
      'server.clientproxy.ssl_authentication_failed',
    ])
    await provider.close()
  })
})

describe('response signatures', () => {
  it.each([
    [
      'a flipped signature byte',
      (h: Record<string, string>, body: Buffer) => {
        h['signature'] = h['signature']!.replace(/:(.)/, (_m, c) => `:${c === 'A' ? 'B' : 'A'}`)
        return body
      },
    ],
    [
      'a changed signed header',
      (h: Record<string, string>, body: Buffer) => {
        h['x-road-request-hash'] = 'AAAA' + h['x-road-request-hash']!.slice(4)
        return body
      },
    ],
    [
      'a changed body',
      (_h: Record<string, string>, body: Buffer) =>
        Buffer.from(body.toString().replace('"alive"', '"deceased"')),
    ],
    [
      'the signature removed',
      (h: Record<string, string>, body: Buffer) => {
        delete h['signature']
        delete h['signature-input']
        return body
      },
    ],
  ])('the consumer refuses a response with %s', async (_name, tamper) => {
    expectErrorLog('exchange failed', { code: 'server.clientproxy.invalid_signature_value' })
    const gw2 = fed.node(`${PROVIDER}/gw2`).config
    const node = await startTamperingNode(gw2, fed.node(`${BANK}/gw1`).config.tls, tamper)
    try {
      const res = await rawRequest(fed.bank.consumerUrl, `/r1/${PERSONS}/${pin}`, {
        headers: headers({ 'x-road-security-server': `${PROVIDER}/gw2` }),
      })
      expect([res.status, xroadError(res).code]).toEqual([
        502,
        'server.clientproxy.invalid_signature_value',
      ])
      expect(res.body).not.toContain(pin)
    } finally {
      await node.close()
    }
  })

  it('the untampered relay passes (the relay itself is sound)', async () => {
    const gw2 = fed.node(`${PROVIDER}/gw2`).config
    const node = await startTamperingNode(gw2, fed.node(`${BANK}/gw1`).config.tls, (_h, b) => b)
    try {
      const res = await rawRequest(fed.bank.consumerUrl, `/r1/${PERSONS}/${pin}`, {
        headers: headers({ 'x-road-security-server': `${PROVIDER}/gw2` }),
      })
      expect(res.status).toBe(200)
    } finally {
      await node.close()
    }
  })
})

describe('message log failure', () => {
  it('fails the exchange with logging_failed when the provider cannot log it', async () => {
    expectErrorLog('exchange failed', { code: 'server.serverproxy.logging_failed' })
    const dir = join(fed.dir, 'audit-failing-provider')
    const gw2 = fed.node(`${PROVIDER}/gw2`).config
    const provider = await fed.startVariant(
      `${PROVIDER}/gw1`,
      (c) => ({
        ...c,
        listen: { ...c.listen, federationPort: gw2.listen.federationPort },
        tls: gw2.tls,
      }),
      {
        audit: await failingLog(dir),
      },
    )
    const res = await rawRequest(fed.bank.consumerUrl, `/r1/${PERSONS}/${pin}`, {
      headers: headers({ 'x-road-security-server': `${PROVIDER}/gw2` }),
    })
    expect([res.status, xroadError(res).code]).toEqual([500, 'server.serverproxy.logging_failed'])
    expect(res.body).not.toContain(pin)
    // Counted as what the consumer got, not as the registry's 200 (docs/operations.md, Metrics).
    expect(await exchangeSeries(PROVIDER, provider.adminUrl)).toEqual([
      `kopuro_exchanges_total{side="provider",client="${KYC_APP}",service="${PERSONS}",outcome="server.serverproxy.logging_failed",node="${PROVIDER}/gw1"} 1`,
    ])
    await provider.close()
  })

  it('fails the exchange with logging_failed when the consumer cannot log it', async () => {
    expectErrorLog('exchange failed', { code: 'server.clientproxy.logging_failed' })
    const dir = join(fed.dir, 'audit-failing-consumer')
    const bank = await fed.startVariant(`${BANK}/gw1`, (c) => c, { audit: await failingLog(dir) })
    const res = await rawRequest(bank.consumerUrl, `/r1/${PERSONS}/${pin}`, { headers: headers() })
    expect([res.status, xroadError(res).code]).toEqual([500, 'server.clientproxy.logging_failed'])
    expect(res.body).not.toContain(pin)
    expect(await exchangeSeries(BANK, bank.adminUrl)).toEqual([
      `kopuro_exchanges_total{side="consumer",client="${KYC_APP}",service="${PERSONS}",outcome="server.clientproxy.logging_failed",node="${BANK}/gw1"} 1`,
    ])
    const ready = await fetch(`${bank.adminUrl}/ready`)
    expect(ready.status).toBe(503)
  })

  it('keeps a verifiable log on both sides after refusals and successes', async () => {
    expect(await verifyAuditLog(fed.provider.gateway.config.audit.dir)).toMatchObject({ ok: true })
    expect(await verifyAuditLog(fed.bank.gateway.config.audit.dir)).toMatchObject({ ok: true })
  })
})
