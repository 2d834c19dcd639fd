// Negative cases at the consumer side: tokens, client identity and the request URL.
import { readFile } from 'node:fs/promises'
import { importJWK, SignJWT, base64url } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tokenKeyFile } from '#sandbox/prepare-federation.js'
import { rawRequest, xroadError } from '../support/http-raw.js'
import {
  BANK,
  KYC_APP,
  MARKETING_APP,
  PERSONS,
  startTestFederation,
  type TestFederation,
} from '../support/test-federation.js'

let fed: TestFederation
let token: string
const PIN = '22905199138381'

beforeAll(async () => {
  fed = await startTestFederation()
  token = await fed.token(KYC_APP)
})
afterAll(() => fed?.close())

function call(path: string, headers: Record<string, string>) {
  return rawRequest(fed.bank.consumerUrl, path, { headers })
}

async function forgeToken(claims: { aud?: string; exp?: number; sub?: string }): Promise<string> {
  const jwk = JSON.parse(await readFile(tokenKeyFile(fed.dir, BANK), 'utf8'))
  const now = Math.floor(Date.now() / 1000)
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt' })
    .setIssuer(`urn:kopuro:gateway:${BANK}`)
    .setAudience(claims.aud ?? `urn:kopuro:gateway:${BANK}`)
    .setSubject(claims.sub ?? KYC_APP)
    .setIssuedAt(now - 600)
    .setExpirationTime(claims.exp ?? now + 300)
    .setJti(crypto.randomUUID())
    .sign(await importJWK(jwk, 'ES256'))
}

describe('consumer side authentication', () => {
  it.each([
    ['missing token', undefined, 401, 'client.unauthorized'],
    ['malformed token', 'Bearer not-a-jwt', 401, 'client.invalid_token'],
    ['non-bearer scheme', 'Basic a2V5OnNlY3JldA==', 401, 'client.invalid_token'],
  ])('%s → %i %s', async (_name, authorization, status, code) => {
    const headers: Record<string, string> = { 'x-road-client': KYC_APP }
    if (authorization) headers['authorization'] = authorization
    const res = await call(`/r1/${PERSONS}/${PIN}`, headers)
    expect(res.status).toBe(status)
    expect(xroadError(res).code).toBe(code)
    expect(xroadError(res).body.detail).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('accepts a well-formed token signed with the gateway key (the forgeries below differ in one thing)', async () => {
    const good = await forgeToken({})
    const res = await call(`/r1/${PERSONS}/${PIN}`, {
      authorization: `Bearer ${good}`,
      'x-road-client': KYC_APP,
    })
    expect(res.status).toBe(200)
  })

  it('refuses a token after its holder revoked it', async () => {
    const own = await fed.token(KYC_APP)
    const headers = { authorization: `Bearer ${own}`, 'x-road-client': KYC_APP }
    expect((await call(`/r1/${PERSONS}/${PIN}`, headers)).status).toBe(200)
    const revoked = await rawRequest(fed.bank.consumerUrl, '/token/revoke', {
      method: 'POST',
      headers,
    })
    expect(revoked.status).toBe(204)
    const res = await call(`/r1/${PERSONS}/${PIN}`, headers)
    expect([res.status, xroadError(res).code]).toEqual([401, 'client.invalid_token'])
  })

  it('refuses an expired token', async () => {
    const expired = await forgeToken({ exp: Math.floor(Date.now() / 1000) - 60 })
    const res = await call(`/r1/${PERSONS}/${PIN}`, {
      authorization: `Bearer ${expired}`,
      'x-road-client': KYC_APP,
    })
    expect([res.status, xroadError(res).code]).toEqual([401, 'client.invalid_token'])
  })

  it("refuses a token minted for another gateway's audience", async () => {
    const other = await forgeToken({ aud: 'urn:kopuro:gateway:KG/COM/10000002' })
    const res = await call(`/r1/${PERSONS}/${PIN}`, {
      authorization: `Bearer ${other}`,
      'x-road-client': KYC_APP,
    })
    expect([res.status, xroadError(res).code]).toEqual([401, 'client.invalid_token'])
  })

  it('refuses an unsigned alg=none token', async () => {
    const enc = (o: object) => base64url.encode(JSON.stringify(o))
    const now = Math.floor(Date.now() / 1000)
    const none = `${enc({ alg: 'none', typ: 'at+jwt' })}.${enc({ iss: `urn:kopuro:gateway:${BANK}`, jti: 'x', sub: KYC_APP, aud: `urn:kopuro:gateway:${BANK}`, iat: now, exp: now + 300 })}.`
    const res = await call(`/r1/${PERSONS}/${PIN}`, {
      authorization: `Bearer ${none}`,
      'x-road-client': KYC_APP,
    })
    expect([res.status, xroadError(res).code]).toEqual([401, 'client.invalid_token'])
  })

  it('refuses an HS256 token keyed with the public key (algorithm confusion)', async () => {
    const jwk = JSON.parse(await readFile(tokenKeyFile(fed.dir, BANK), 'utf8'))
    const secret = new TextEncoder().encode(
      JSON.stringify({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }),
    )
    const now = Math.floor(Date.now() / 1000)
    const hs = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .setIssuer(`urn:kopuro:gateway:${BANK}`)
      .setJti('hs256')
      .setAudience(`urn:kopuro:gateway:${BANK}`)
      .setSubject(KYC_APP)
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(secret)
    const res = await call(`/r1/${PERSONS}/${PIN}`, {
      authorization: `Bearer ${hs}`,
      'x-road-client': KYC_APP,
    })
    expect([res.status, xroadError(res).code]).toEqual([401, 'client.invalid_token'])
  })

  it("refuses X-Road-Client other than the token's subsystem", async () => {
    const res = await call(`/r1/${PERSONS}/${PIN}`, {
      authorization: `Bearer ${token}`,
      'x-road-client': MARKETING_APP,
    })
    expect([res.status, xroadError(res).code]).toEqual([403, 'client.client_mismatch'])
  })

  it('refuses a malformed X-Road-Client', async () => {
    const res = await call(`/r1/${PERSONS}/${PIN}`, {
      authorization: `Bearer ${token}`,
      'x-road-client': 'KG/COM',
    })
    expect([res.status, xroadError(res).code]).toEqual([400, 'client.invalid_client_identifier'])
  })

  it.each([
    ['too few segments', '/r1/KG/GOV/70000001/population'],
    ['a character outside the X-Road set', '/r1/KG/GOV/70000001/popu%20lation/persons/1'],
    ['an encoded slash inside an identifier', '/r1/KG/GOV/70000001%2Fx/population/persons/1'],
    ['not /r1', '/r2/KG/GOV/70000001/population/persons/1'],
  ])('refuses a service id with %s', async (_name, path) => {
    const res = await call(path, { authorization: `Bearer ${token}`, 'x-road-client': KYC_APP })
    expect([res.status, xroadError(res).code]).toEqual([400, 'client.invalid_service_identifier'])
  })

  it('refuses an unknown service', async () => {
    const res = await call(`/r1/KG/GOV/70000001/population/no-such-service/${PIN}`, {
      authorization: `Bearer ${token}`,
      'x-road-client': KYC_APP,
    })
    expect([res.status, xroadError(res).code]).toEqual([404, 'server.clientproxy.unknown_service'])
  })

  it('refuses an unknown provider member', async () => {
    const res = await call(`/r1/KG/GOV/79999999/population/persons/${PIN}`, {
      authorization: `Bearer ${token}`,
      'x-road-client': KYC_APP,
    })
    expect([res.status, xroadError(res).code]).toEqual([404, 'server.clientproxy.unknown_member'])
  })

  it('refuses a client assertion replayed at the token endpoint', async () => {
    const { createClientAssertion, CLIENT_ASSERTION_TYPE } =
      await import('#gateway/tokens/index.js')
    const client = fed.prepared.clients.find((c) => c.subsystem === KYC_APP)!
    const privateJwk = JSON.parse(await readFile(client.privateKeyFile, 'utf8'))
    const assertion = await createClientAssertion({
      subsystem: KYC_APP,
      privateJwk,
      tokenEndpoint: client.tokenEndpoint,
    })
    const form = () =>
      new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: CLIENT_ASSERTION_TYPE,
        client_assertion: assertion,
      })
    const first = await fetch(client.tokenEndpoint, { method: 'POST', body: form() })
    const second = await fetch(client.tokenEndpoint, { method: 'POST', body: form() })
    expect(first.status).toBe(200)
    expect(second.status).toBe(401)
    expect(await second.json()).toEqual({ error: 'invalid_client' })
  })
  it('refuses a client assertion issued in the future beyond a minute, and takes one within it', async () => {
    const { createClientAssertion, CLIENT_ASSERTION_TYPE } =
      await import('#gateway/tokens/index.js')
    const client = fed.prepared.clients.find((c) => c.subsystem === KYC_APP)!
    const privateJwk = JSON.parse(await readFile(client.privateKeyFile, 'utf8'))
    const now = Math.floor(Date.now() / 1000)
    // Both expire well inside the five-minute lifetime bound: only `iat` differs.
    const ask = async (issuedAhead: number) => {
      const assertion = await createClientAssertion({
        subsystem: KYC_APP,
        privateJwk,
        tokenEndpoint: client.tokenEndpoint,
        nowSeconds: now + issuedAhead,
        lifetimeSeconds: 60,
      })
      const body = new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: CLIENT_ASSERTION_TYPE,
        client_assertion: assertion,
      })
      return fetch(client.tokenEndpoint, { method: 'POST', body })
    }
    const future = await ask(180)
    expect(future.status).toBe(401)
    expect(await future.json()).toEqual({ error: 'invalid_client' })
    const drift = await ask(10)
    expect(drift.status).toBe(200)
    expect(((await drift.json()) as { token_type: string }).token_type).toBe('Bearer')
  })
})
