// The consumer's access check on plain headers: the token's subsystem must be the X-Road-Client.
import { generateKeyPair, SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { checkCaller } from '#gateway/consumer/handle-consumer-request.js'
import { GatewayError } from '#gateway/lib/errors.js'
import { startMemoryStore } from '#gateway/store/index.js'
import { createAccessTokenVerifier } from '#gateway/tokens/index.js'
import { KYC_APP, MARKETING_APP, NOW_MS, now } from '../exchange/fixtures.js'

const AUDIENCE = 'urn:kopuro:gateway:KG/COM/10000001'
const keys = await generateKeyPair('ES256')
const store = startMemoryStore({ now })
const ctx = {
  verifyToken: createAccessTokenVerifier({
    store,
    key: keys.publicKey,
    issuer: AUDIENCE,
    audience: AUDIENCE,
    now,
  }),
}

function accessToken(subsystem: string, jti = crypto.randomUUID()): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt' })
    .setSubject(subsystem)
    .setIssuer(AUDIENCE)
    .setAudience(AUDIENCE)
    .setIssuedAt(NOW_MS / 1000)
    .setExpirationTime(NOW_MS / 1000 + 300)
    .setJti(jti)
    .sign(keys.privateKey)
}

async function refusal(run: () => Promise<unknown>): Promise<[number, string]> {
  try {
    await run()
  } catch (e) {
    expect(e).toBeInstanceOf(GatewayError)
    return [(e as GatewayError).status, (e as GatewayError).code]
  }
  return expect.fail('expected a refusal')
}

describe('checkCaller', () => {
  it('grants the subsystem the token was issued to, and names it', async () => {
    const headers = {
      authorization: `Bearer ${await accessToken(KYC_APP)}`,
      'x-road-client': KYC_APP,
    }
    expect(await checkCaller(ctx, headers)).toBe(KYC_APP)
  })

  it('denies an X-Road-Client other than the token’s subsystem', async () => {
    const headers = {
      authorization: `Bearer ${await accessToken(KYC_APP)}`,
      'x-road-client': MARKETING_APP,
    }
    expect(await refusal(() => checkCaller(ctx, headers))).toEqual([403, 'client.client_mismatch'])
  })

  it('denies a caller without a valid token before it reads X-Road-Client', async () => {
    expect(await refusal(() => checkCaller(ctx, { 'x-road-client': 'not an id' }))).toEqual([
      401,
      'client.unauthorized',
    ])
    const forged = (await accessToken(KYC_APP)).slice(0, -4) + 'AAAA'
    expect(
      await refusal(() =>
        checkCaller(ctx, { authorization: `Bearer ${forged}`, 'x-road-client': KYC_APP }),
      ),
    ).toEqual([401, 'client.invalid_token'])
  })

  it('denies a revoked token and a malformed X-Road-Client', async () => {
    const jti = crypto.randomUUID()
    const token = await accessToken(KYC_APP, jti)
    expect(
      await refusal(() =>
        checkCaller(ctx, { authorization: `Bearer ${token}`, 'x-road-client': 'KG/COM' }),
      ),
    ).toEqual([400, 'client.invalid_client_identifier'])
    await store.revokeToken(jti, 60_000)
    expect(
      await refusal(() =>
        checkCaller(ctx, { authorization: `Bearer ${token}`, 'x-road-client': KYC_APP }),
      ),
    ).toEqual([401, 'client.invalid_token'])
  })
})
