// Run-time administration: grants and service notices change what callers may do at once, and
// every action is a record auditors can read.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Grant } from '#gateway/access/index.js'
import {
  ADMIN_CHANGES_FILE,
  issueRoleToken,
  openAdminChanges,
  type Role,
} from '#gateway/admin/index.js'
import type { GatewayConfig } from '#gateway/config/index.js'
import { adminKeyFile } from '#sandbox/prepare-federation.js'
import { chunkedRequest, rawRequest, xroadError } from '../support/http-raw.js'
import { createPeer } from '../support/federation-client.js'
import {
  BANK,
  KYC_APP,
  MARKETING_APP,
  PERSONS,
  PROVIDER,
  startTestFederation,
  type TestFederation,
} from '../support/test-federation.js'
import { expectErrorLog } from '../support/error-logs.js'

let fed: TestFederation
const PIN = '22905199138381'

beforeAll(async () => {
  fed = await startTestFederation()
})
afterAll(() => fed?.close())

async function roleToken(role: Role): Promise<string> {
  const key = JSON.parse(await readFile(adminKeyFile(fed.dir, PROVIDER), 'utf8'))
  return issueRoleToken(key, { memberId: PROVIDER, now: Date.now }, { subject: `${role}-1`, role })
}

async function admin(
  method: string,
  path: string,
  body: unknown,
  role: Role = 'admin',
  adminUrl = fed.provider.adminUrl,
) {
  return rawRequest(adminUrl, path, {
    method,
    headers: {
      authorization: `Bearer ${await roleToken(role)}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  })
}

async function marketingReads() {
  return rawRequest(fed.bank.consumerUrl, `/r1/${PERSONS}/${PIN}`, {
    headers: {
      authorization: `Bearer ${await fed.token(MARKETING_APP)}`,
      'x-road-client': MARKETING_APP,
    },
  })
}

describe('admin actions', () => {
  const grant = {
    subject: MARKETING_APP,
    service: PERSONS,
    endpoints: [{ method: 'GET', path: '/*' }],
  }

  it('a grant opens the endpoint at once, and a revocation closes it again', async () => {
    expect(xroadError(await marketingReads()).code).toBe('server.serverproxy.access_denied')
    expect((await admin('POST', '/admin/grants', grant)).status).toBe(201)
    expect((await marketingReads()).status).toBe(200)
    expect((await admin('POST', '/admin/grants/revoke', grant)).status).toBe(200)
    expect(xroadError(await marketingReads()).code).toBe('server.serverproxy.access_denied')
  })

  it('a disabled service shows its notice until enabled again', async () => {
    expectErrorLog('exchange failed', { code: 'server.serverproxy.service_disabled' })
    const notice = 'Maintenance until 02:00'
    expect(
      (await admin('POST', '/admin/services/disable', { service: PERSONS, notice })).status,
    ).toBe(200)
    const kyc = await rawRequest(fed.bank.consumerUrl, `/r1/${PERSONS}/${PIN}`, {
      headers: {
        authorization: `Bearer ${await fed.token('KG/COM/10000001/kyc-app')}`,
        'x-road-client': 'KG/COM/10000001/kyc-app',
      },
    })
    expect([kyc.status, xroadError(kyc).code]).toEqual([503, 'server.serverproxy.service_disabled'])
    expect(JSON.parse(kyc.body).message).toContain(notice)
    const stateOf = async () => {
      const res = await admin('GET', '/admin/services', undefined, 'auditor')
      expect(res.status).toBe(200)
      const { services } = JSON.parse(res.body) as { services: { id: string }[] }
      return services.find((x) => x.id === PERSONS)
    }
    expect(await stateOf()).toMatchObject({ disabled: true, notice })
    expect((await admin('POST', '/admin/services/enable', { service: PERSONS })).status).toBe(200)
    expect(await stateOf()).toMatchObject({ disabled: false, notice: null })
  })

  it('publishes a new service that no one may call until granted', async () => {
    const service = `${PROVIDER}/population/people`
    const published = await admin('POST', '/admin/services/publish', {
      id: service,
      url: `${fed.registryUrl}/persons`,
    })
    expect(published.status).toBe(201)
    const peer = await createPeer(fed, `${BANK}/gw1`)
    try {
      const before = await peer.send({ path: `/r1/${service}/${PIN}`, client: KYC_APP })
      expect([before.status, before.headers['x-road-error']]).toEqual([
        403,
        'server.serverproxy.access_denied',
      ])
      expect((await admin('POST', '/admin/grants', { subject: KYC_APP, service })).status).toBe(201)
      expect((await peer.send({ path: `/r1/${service}/${PIN}`, client: KYC_APP })).status).toBe(200)
    } finally {
      await peer.close()
    }
    const taken = await admin('POST', '/admin/services/publish', {
      id: service,
      url: 'http://127.0.0.1:1',
    })
    expect(taken.status).toBe(400)
    const foreign = await admin('POST', '/admin/services/publish', {
      id: `${BANK}/x/y`,
      url: 'http://127.0.0.1:1',
    })
    expect(foreign.status).toBe(400)
  })

  it('refuses to publish a backend outside the allow-list with 403 client.backend_not_allowed', async () => {
    const registry = new URL(fed.registryUrl)
    for (const url of [
      'http://169.254.169.254/latest/meta-data',
      `http://${registry.hostname}:1/persons`,
      `http://user:pw@${registry.host}/persons`,
    ]) {
      const res = await admin('POST', '/admin/services/publish', {
        id: `${PROVIDER}/population/elsewhere`,
        url,
      })
      expect([res.status, res.headers['x-road-error']]).toEqual([403, 'client.backend_not_allowed'])
    }
    const services = JSON.parse((await admin('GET', '/admin/services', undefined, 'auditor')).body)
    expect(services.services.map((s: { id: string }) => s.id)).not.toContain(
      `${PROVIDER}/population/elsewhere`,
    )
  })

  it('keeps every acknowledged change across a restart of the node', async () => {
    const dir = join(fed.dir, 'restarted-node-log')
    const sameLog = (c: GatewayConfig) => ({ ...c, audit: { ...c.audit, dir } })
    const first = await fed.startVariant(`${PROVIDER}/gw1`, sameLog)
    const service = `${PROVIDER}/population/residents`
    const notice = 'Closed for the census'
    const at = (path: string, body?: unknown, role: Role = 'admin') =>
      admin(body === undefined ? 'GET' : 'POST', path, body, role, first.adminUrl)
    expect((await at('/admin/grants', grant)).status).toBe(201)
    const revoked = { ...grant, endpoints: [{ method: 'GET', path: '/*/address' }] }
    expect((await at('/admin/grants', revoked)).status).toBe(201)
    expect((await at('/admin/grants/revoke', revoked)).status).toBe(200)
    const published = await at('/admin/services/publish', {
      id: service,
      url: `${fed.registryUrl}/persons`,
    })
    expect(published.status).toBe(201)
    expect((await at('/admin/services/disable', { service: PERSONS, notice })).status).toBe(200)
    await first.close()

    const second = await fed.startVariant(`${PROVIDER}/gw1`, sameLog)
    try {
      const read = async (path: string) =>
        JSON.parse((await admin('GET', path, undefined, 'auditor', second.adminUrl)).body)
      const { grants } = (await read('/admin/grants')) as { grants: Grant[] }
      expect(grants).toContainEqual(grant)
      expect(grants).not.toContainEqual(revoked)
      const { services } = (await read('/admin/services')) as { services: { id: string }[] }
      expect(services.find((x) => x.id === PERSONS)).toMatchObject({ disabled: true, notice })
      expect(services.map((x) => x.id)).toContain(service)
    } finally {
      await second.close()
    }
  })

  it('records every action where auditors read the log', async () => {
    const res = await rawRequest(fed.provider.adminUrl, '/audit/records', {
      headers: { authorization: `Bearer ${await roleToken('auditor')}` },
    })
    const actions = (
      JSON.parse(res.body) as { records: { side: string; action?: { kind: string } }[] }
    ).records
      .filter((r) => r.side === 'admin')
      .map((r) => r.action!.kind)
    expect(actions).toEqual(['grant', 'revoke', 'disable', 'enable', 'publish', 'grant'])
  })

  it('refuses non-admins and bad input', async () => {
    const auditor = await admin('POST', '/admin/grants', grant, 'auditor')
    expect([auditor.status, xroadError(auditor).code]).toEqual([403, 'client.forbidden'])
    for (const bad of [
      { subject: 'nobody', service: PERSONS },
      { subject: MARKETING_APP, service: 'KG/GOV/70000001/population/none' },
      {
        subject: MARKETING_APP,
        service: PERSONS,
        endpoints: [{ method: 'GET', path: 'no-slash' }],
      },
    ]) {
      const res = await admin('POST', '/admin/grants', bad)
      expect([res.status, xroadError(res).code]).toEqual([400, 'client.invalid_grant'])
    }
    const missing = await admin('POST', '/admin/grants/revoke', grant)
    expect(missing.status).toBe(400)
    const noNotice = await admin('POST', '/admin/services/disable', { service: PERSONS })
    expect(noNotice.status).toBe(400)
  })

  it('refuses a malformed grant with client.invalid_grant, naming the part at fault', async () => {
    const endpoint = (method: string, path: string) => ({
      subject: MARKETING_APP,
      service: PERSONS,
      endpoints: [
        { method: 'GET', path: '/*' },
        { method, path },
      ],
    })
    const cases: [unknown, string][] = [
      [
        endpoint('GET', '/*/**/address'),
        'grant endpoints[1].path /*/**/address: `**` may only be the last segment',
      ],
      [
        endpoint('TRACE', '/*'),
        'grant endpoints[1].method TRACE: must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, *',
      ],
      [
        endpoint('GET', '/*/secrets'),
        'grant endpoints[1].path /*/secrets: is not below any path of the service contract',
      ],
      [
        { subject: `${BANK}/ghost-app`, service: PERSONS },
        'grant subject KG/COM/10000001/ghost-app: is not a subsystem in the federation directory',
      ],
    ]
    for (const [bad, message] of cases) {
      const res = await admin('POST', '/admin/grants', bad)
      expect([res.status, xroadError(res).code, JSON.parse(res.body).message]).toEqual([
        400,
        'client.invalid_grant',
        message,
      ])
    }
    // Fail closed: nothing of a refused grant was granted.
    const listed = await admin('GET', '/admin/grants', undefined, 'auditor')
    const { grants } = JSON.parse(listed.body) as { grants: Grant[] }
    expect(grants.filter((g) => g.subject === `${BANK}/ghost-app`)).toEqual([])
    expect(grants.flatMap((g) => g.endpoints ?? []).map((e) => e.path)).not.toContain('/*/secrets')
    // Revoking checks the shape only: a subject that left the directory can still be revoked.
    const revoke = await admin('POST', '/admin/grants/revoke', {
      subject: `${BANK}/ghost-app`,
      service: PERSONS,
    })
    expect([revoke.status, xroadError(revoke).code, JSON.parse(revoke.body).message]).toEqual([
      400,
      'client.bad_request',
      'No such grant',
    ])
  })

  it('grants nothing for a kept grant that fails the grant check at start-up', async () => {
    const dir = join(fed.dir, 'kept-bad-grant-log')
    const kept = await openAdminChanges(join(dir, ADMIN_CHANGES_FILE))
    const at = new Date().toISOString()
    const ghost = { subject: `${BANK}/ghost-app`, service: PERSONS }
    const badGlob = { ...grant, endpoints: [{ method: 'GET', path: '/**/address' }] }
    for (const g of [ghost, badGlob, grant]) await kept.append({ kind: 'grant', at, grant: g })
    await kept.close()
    const node = await fed.startVariant(`${PROVIDER}/gw1`, (c) => ({
      ...c,
      audit: { ...c.audit, dir },
    }))
    try {
      const res = await admin('GET', '/admin/grants', undefined, 'auditor', node.adminUrl)
      const { grants } = JSON.parse(res.body) as { grants: Grant[] }
      expect(grants).toContainEqual(grant)
      expect(grants).not.toContainEqual(ghost)
      expect(grants).not.toContainEqual(badGlob)
    } finally {
      await node.close()
    }
  })

  it('refuses a chunked body over 1 MiB with 413 whatever its headers say', async () => {
    for (const path of ['/admin/grants', '/admin/services/publish', '/admin/tokens/revoke']) {
      const res = await chunkedRequest({
        url: fed.provider.adminUrl,
        path,
        headers: {
          authorization: `Bearer ${await roleToken('admin')}`,
          'content-type': 'application/json',
        },
        totalBytes: 8 * 1024 * 1024,
      })
      expect([path, res.status, xroadError(res).code]).toEqual([
        path,
        413,
        'client.request_too_large',
      ])
    }
  })

  it('reads a body within 1 MiB whole and refuses it with 400 client.bad_request when it is not JSON', async () => {
    const res = await chunkedRequest({
      url: fed.provider.adminUrl,
      path: '/admin/grants',
      headers: { authorization: `Bearer ${await roleToken('admin')}` },
      totalBytes: 512 * 1024,
    })
    expect([res.status, xroadError(res).code]).toEqual([400, 'client.bad_request'])
    expect(xroadError(res).body).toMatchObject({ message: 'The body must be JSON' })
  })

  it('matches admin routes exactly: a suffix of a route is an unknown route', async () => {
    for (const path of ['/admin/services/xenable', '/admin/services/redisable', '/admin/nothing']) {
      const res = await admin('POST', path, { service: PERSONS, notice: 'x' })
      expect([res.status, xroadError(res).code]).toEqual([404, 'client.unknown_route'])
    }
  })
})
