// The authority's HTTP API through app.request: the directory with ETags, admin auth, every operation.
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { SignJWT, importJWK } from 'jose'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSigningKey } from '#certs/index.js'
import {
  ADMIN_TOKEN_AUDIENCE,
  ADMIN_TOKEN_ISSUER,
  ADMIN_TOKEN_TYPE,
  createAuthorityApp,
  ensureAdminKey,
  issueAdminToken,
  readChangeRecords,
  type AuthorityProblem,
  type RegistryState,
} from '#gateway/directory/authority/index.js'
import { verifyDirectory, type DirectoryDocument } from '#gateway/directory/index.js'
import { serveApp } from '#services/shared/index.js'
import { chunkedRequest } from '../../../support/http-raw.js'
import { AGENCY, BANK, memberKey, openAuthority, testPki, type TestAuthority } from './fixtures.js'

let t: TestAuthority
let app: ReturnType<typeof createAuthorityApp>
let adminKey: Awaited<ReturnType<typeof ensureAdminKey>>
let token: string

beforeEach(async () => {
  t = await openAuthority()
  adminKey = await ensureAdminKey(join(t.dir, 'admin.jwk.json'))
  app = createAuthorityApp({ authority: t.authority, adminKey, now: t.clock.now })
  token = await issueAdminToken({ privateJwk: adminKey, subject: 'alice', now: t.clock.now })
})
afterEach(() => t.authority.close())

function post(operation: string, body: unknown, bearer = token, type = 'application/json') {
  return app.request(`/admin/${operation}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bearer}`, 'content-type': type },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

async function problem(res: Response): Promise<AuthorityProblem> {
  expect(res.headers.get('content-type')).toBe('application/problem+json')
  return (await res.json()) as AuthorityProblem
}

async function document(): Promise<DirectoryDocument> {
  const res = await app.request('/directory')
  return verifyDirectory(await res.text(), t.anchor)
}

describe('GET /directory', () => {
  it('serves the JWS as application/jose with a strong ETag of its bytes', async () => {
    const res = await app.request('/directory')
    const jws = await res.text()
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/jose')
    const digest = createHash('sha256').update(jws).digest('base64url')
    expect(res.headers.get('etag')).toBe(`"${digest}"`)
    expect(jws).toBe(t.authority.current().jws)
    expect((await verifyDirectory(jws, t.anchor)).serial).toBe(1)
  })

  it('answers If-None-Match with 304 while the document is unchanged, 200 once it changes', async () => {
    const etag = (await app.request('/directory')).headers.get('etag')!
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const res = await app.request('/directory', { headers: { 'if-none-match': header } })
      expect(res.status).toBe(304)
      expect(res.headers.get('etag')).toBe(etag)
      expect(await res.text()).toBe('')
    }
    await post('register-member', { id: AGENCY, name: 'Agency' })
    const res = await app.request('/directory', { headers: { 'if-none-match': etag } })
    expect(res.status).toBe(200)
    expect(res.headers.get('etag')).not.toBe(etag)
  })

  it('reports health with the serial served', async () => {
    const res = await app.request('/health')
    expect(await res.json()).toMatchObject({ status: 'ok', instance: 'KG', serial: 1 })
  })
})

describe('admin authentication', () => {
  it('refuses a missing token with 401 and a Bearer challenge', async () => {
    const res = await app.request('/admin/state')
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /)
    expect((await problem(res)).code).toBe('unauthorized')
  })

  it('refuses malformed, foreign, expired and HMAC tokens with 401 invalid_token', async () => {
    const foreign = await issueAdminToken({
      privateJwk: (await createSigningKey({ alg: 'ES256' })).privateJwk,
      subject: 'mallory',
    })
    const short = await issueAdminToken({
      privateJwk: adminKey,
      subject: 'alice',
      ttlSeconds: 60,
      now: t.clock.now,
    })
    const hmac = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256', typ: ADMIN_TOKEN_TYPE })
      .setIssuer(ADMIN_TOKEN_ISSUER)
      .setAudience(ADMIN_TOKEN_AUDIENCE)
      .setSubject('mallory')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('x'.repeat(32)))
    t.clock.advance(61_000)
    for (const bad of ['not-a-jwt', foreign, short, hmac]) {
      const res = await app.request('/admin/state', { headers: { authorization: `Bearer ${bad}` } })
      expect(res.status).toBe(401)
      expect((await problem(res)).code).toBe('invalid_token')
    }
  })

  it('refuses a token of the wrong type even when signed by the admin key', async () => {
    const key = await importJWK(adminKey, 'ES256')
    const untyped = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(ADMIN_TOKEN_ISSUER)
      .setAudience(ADMIN_TOKEN_AUDIENCE)
      .setSubject('alice')
      .setIssuedAt(Math.floor(t.clock.now() / 1000))
      .setExpirationTime(Math.floor(t.clock.now() / 1000) + 60)
      .sign(key)
    const res = await app.request('/admin/state', {
      headers: { authorization: `Bearer ${untyped}` },
    })
    expect(res.status).toBe(401)
  })

  it('refuses a token signed by the admin key whose role is not a string (401 invalid_token)', async () => {
    const key = await importJWK(adminKey, 'ES256')
    const iat = Math.floor(t.clock.now() / 1000)
    const numeric = await new SignJWT({ role: 1 })
      .setProtectedHeader({ alg: 'ES256', typ: ADMIN_TOKEN_TYPE })
      .setIssuer(ADMIN_TOKEN_ISSUER)
      .setAudience(ADMIN_TOKEN_AUDIENCE)
      .setSubject('alice')
      .setIssuedAt(iat)
      .setExpirationTime(iat + 60)
      .sign(key)
    const res = await app.request('/admin/state', {
      headers: { authorization: `Bearer ${numeric}` },
    })
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /)
    expect((await problem(res)).code).toBe('invalid_token')
  })

  it('lets an observer read the registry but not change it (403)', async () => {
    const observer = await issueAdminToken({
      privateJwk: adminKey,
      subject: 'audit',
      role: 'observer',
      now: t.clock.now,
    })
    const read = await app.request('/admin/state', {
      headers: { authorization: `Bearer ${observer}` },
    })
    expect(read.status).toBe(200)
    expect(((await read.json()) as RegistryState).instance).toBe('KG')
    const res = await post('register-member', { id: AGENCY, name: 'Agency' }, observer)
    expect(res.status).toBe(403)
    expect((await problem(res)).code).toBe('forbidden')
    expect(t.authority.state().members).toEqual([])
  })
})

describe('admin operations', () => {
  it('registers, approves and publishes a member with everything it has', async () => {
    const pki = await testPki()
    const key = await memberKey()
    const steps: [string, unknown][] = [
      ['add-member-class', { code: 'NGO', description: 'Non-governmental organisations' }],
      ['add-ca', { pem: pki.caPem }],
      ['register-member', { id: AGENCY, name: 'Agency' }],
      ['register-subsystem', { id: `${AGENCY}/population`, name: 'Population register' }],
      [
        'register-node',
        {
          id: `${AGENCY}/gw1`,
          federationUrl: 'https://127.0.0.1:8443',
          tlsFingerprint: pki.fingerprint,
        },
      ],
      ['register-key', { memberId: AGENCY, jwk: key }],
      [
        'register-service',
        {
          id: `${AGENCY}/population/persons`,
          title: 'Persons',
          contractUrl: 'https://c.example/p.json',
        },
      ],
      ['approve', { kind: 'member', id: AGENCY }],
      ['approve', { kind: 'subsystem', id: `${AGENCY}/population` }],
      ['approve', { kind: 'node', id: `${AGENCY}/gw1` }],
      ['approve', { kind: 'key', id: key.kid }],
      ['approve', { kind: 'service', id: `${AGENCY}/population/persons` }],
      ['add-global-group', { code: 'registries', description: 'Base registries' }],
      ['add-group-member', { group: 'registries', subsystemId: `${AGENCY}/population` }],
    ]
    for (const [index, [operation, body]] of steps.entries()) {
      const res = await post(operation, body)
      expect(res.status, operation).toBe(200)
      expect(await res.json()).toMatchObject({ seq: index + 1, serial: index + 2 })
    }
    const doc = await document()
    expect(doc.serial).toBe(steps.length + 1)
    expect(doc.memberClasses.map((c) => c.code)).toContain('NGO')
    expect(doc.federationCas).toHaveLength(1)
    expect(doc.members[0]).toMatchObject({
      id: AGENCY,
      subsystems: [{ code: 'population', name: 'Population register' }],
      nodes: [{ code: 'gw1', tlsFingerprint: pki.fingerprint }],
      signingKeys: [{ jwk: { kid: key.kid } }],
    })
    expect(doc.services).toEqual([
      {
        id: `${AGENCY}/population/persons`,
        title: 'Persons',
        contractUrl: 'https://c.example/p.json',
      },
    ])
    expect(doc.globalGroups).toEqual([
      { code: 'registries', description: 'Base registries', members: [`${AGENCY}/population`] },
    ])
    const res = await post('remove-group-member', {
      group: 'registries',
      subsystemId: `${AGENCY}/population`,
    })
    expect(res.status).toBe(200)
    expect((await document()).globalGroups[0]!.members).toEqual([])
  })

  it('rotates and revokes keys and certificates, recording the token subject as actor', async () => {
    const [first, second] = [await memberKey(), await memberKey()]
    const pki = await testPki()
    await post('register-member', { id: AGENCY, name: 'Agency' })
    await post('approve', { kind: 'member', id: AGENCY })
    await post('register-key', { memberId: AGENCY, jwk: first })
    await post('approve', { kind: 'key', id: first.kid })
    expect(
      (await post('rotate-key', { memberId: AGENCY, jwk: second, overlapSeconds: 300 })).status,
    ).toBe(200)
    expect((await post('revoke-key', { kid: first.kid })).status).toBe(200)
    expect((await post('revoke-cert', { fingerprint: pki.fingerprint.toUpperCase() })).status).toBe(
      200,
    )
    const doc = await document()
    const keys = doc.members[0]!.signingKeys
    expect(keys.map((k) => k.jwk.kid)).toEqual([first.kid, second.kid])
    expect(keys[0]!.notAfter).toBe(new Date(t.clock.now() + 300_000).toISOString())
    expect(doc.revocations.keys.map((r) => r.kid)).toEqual([first.kid])
    expect(doc.revocations.certificates.map((r) => r.fingerprint)).toEqual([pki.fingerprint])
    const actors = []
    for await (const record of readChangeRecords(t.changeLogDir)) actors.push(record.actor)
    expect(new Set(actors)).toEqual(new Set(['alice']))
  })

  it('answers problem+json with a stable code, never echoing the input', async () => {
    const marker = 'KG/GOV/<script>alert(1)</script>'
    const cases: [Response | Promise<Response>, number, string][] = [
      [post('register-member', { id: marker, name: 'x' }), 400, 'invalid_identifier'],
      [post('register-member', { id: AGENCY }), 400, 'invalid_request'],
      [post('register-member', '{not json'), 400, 'invalid_request'],
      [
        post('register-member', { id: AGENCY, name: 'A' }, token, 'text/plain'),
        415,
        'unsupported_media_type',
      ],
      [post(encodeURIComponent(marker), {}), 404, 'unknown_operation'],
      [post('approve', { kind: 'member', id: marker }), 404, 'unknown_item'],
      [post('register-member', { id: AGENCY, name: 'x'.repeat(70_000) }), 413, 'request_too_large'],
    ]
    for (const [pending, status, code] of cases) {
      const res = await pending
      const text = await res.clone().text()
      expect([res.status, (await problem(res)).code]).toEqual([status, code])
      expect(text).not.toContain('script')
    }
    const missing = await app.request('/nowhere')
    expect((await problem(missing)).code).toBe('not_found')
  })

  it('refuses a chunked admin body over its limit with 413 request_too_large, on a real socket', async () => {
    const server = await serveApp(app as never, { port: 0 })
    try {
      const res = await chunkedRequest({
        url: server.url,
        path: '/admin/register-member',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        totalBytes: 8 * 1024 * 1024,
      })
      const body = JSON.parse(res.body) as AuthorityProblem
      expect([res.status, res.headers['content-type'], body.code]).toEqual([
        413,
        'application/problem+json',
        'request_too_large',
      ])
    } finally {
      await server.close()
    }
    expect(t.authority.state().members).toEqual([])
  })

  it('answers 409 for duplicates and second approvals', async () => {
    await post('register-member', { id: BANK, name: 'Bank' })
    expect((await problem(await post('register-member', { id: BANK, name: 'Bank' }))).code).toBe(
      'already_registered',
    )
    await post('approve', { kind: 'member', id: BANK })
    const again = await post('approve', { kind: 'member', id: BANK })
    expect(again.status).toBe(409)
    expect((await problem(again)).code).toBe('already_approved')
  })
})
