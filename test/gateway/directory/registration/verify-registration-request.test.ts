// The stateless checks of a registration request, as both the member's node and the authority run them.
import { readFile } from 'node:fs/promises'
import { CompactSign, importJWK, type JWK } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { createSigningKey, parseCertificateRequest } from '#certs/index.js'
import {
  openRegistrationRequest,
  REGISTRATION_JWS_TYPE,
  RegistrationRequestError,
  signRegistrationRequest,
  verifyRegistrationRequest,
  type RegistrationPayload,
} from '#gateway/directory/registration/index.js'
import { createNodeFolder, type NodeFolder } from '../../../support/node-folder.js'

const CHECKS = { instance: 'KG', memberClasses: ['COM', 'GOV'] }
const MEMBER = 'KG/COM/10000003'

let folder: NodeFolder
let signingKey: JWK & { kid: string }
let good: { jws: string; payload: RegistrationPayload }

beforeAll(async () => {
  folder = await createNodeFolder({
    member: MEMBER,
    node: 'gw1',
    host: '127.0.0.30',
    memberName: 'Bank Three',
    clients: ['kyc-app'],
    services: [{ id: `${MEMBER}/accounts/balances`, title: 'Balances' }],
  })
  signingKey = JSON.parse(await readFile(folder.paths.signingKey, 'utf8')) as JWK & { kid: string }
  good = await openRegistrationRequest(folder.dir)
})

async function sign(
  payload: unknown,
  header: Record<string, unknown> = {
    alg: 'EdDSA',
    typ: REGISTRATION_JWS_TYPE,
    kid: signingKey.kid,
  },
  key: JWK = signingKey,
): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader(header as { alg: string })
    .sign(await importJWK(key, 'EdDSA'))
}

async function codeOf(jws: string, checks = CHECKS): Promise<string | undefined> {
  try {
    await verifyRegistrationRequest(jws, checks)
    return undefined
  } catch (error) {
    expect(error).toBeInstanceOf(RegistrationRequestError)
    return (error as RegistrationRequestError).code
  }
}

describe('a request built from a node folder', () => {
  it('carries the node, its public keys only, its subsystems and services, and verifies', async () => {
    const { payload } = good
    expect(payload).toMatchObject({
      instance: 'KG',
      member: { id: MEMBER, name: 'Bank Three' },
      node: { code: 'gw1', federationUrl: 'https://127.0.0.30:5501', host: '127.0.0.30' },
      signingKey: { kty: 'OKP', crv: 'Ed25519', kid: signingKey.kid },
      subsystems: [{ code: 'kyc-app' }, { code: 'accounts' }],
      services: [{ id: `${MEMBER}/accounts/balances`, title: 'Balances' }],
    })
    expect(JSON.stringify(payload)).not.toMatch(/"d":/)
    expect(payload.nonce).toMatch(/^[A-Za-z0-9_-]{22}$/)
    const verified = await verifyRegistrationRequest(good.jws, CHECKS)
    const csr = await parseCertificateRequest(payload.csr)
    expect(verified).toMatchObject({
      nodeId: `${MEMBER}/gw1`,
      kid: signingKey.kid,
      tlsKeyFingerprint: csr.keyFingerprint,
    })
  })

  it('cannot be signed with a public signing key alone', async () => {
    const { publicJwk } = await createSigningKey({ alg: 'EdDSA' })
    const input = {
      ...good.payload,
      csrPem: good.payload.csr,
      signingKey: publicJwk,
      logKey: publicJwk,
    }
    await expect(signRegistrationRequest(input)).rejects.toThrow(TypeError)
  })
})

describe('verifyRegistrationRequest refuses', () => {
  it('another typ or algorithm in the header, and unknown payload fields: registration.malformed', async () => {
    const typ = { alg: 'EdDSA', typ: 'JWT', kid: signingKey.kid }
    expect(await codeOf(await sign(good.payload, typ))).toBe('registration.malformed')
    expect(await codeOf(await sign({ ...good.payload, admin: true }))).toBe(
      'registration.malformed',
    )
    expect(await codeOf(await sign({ ...good.payload, iat: '1' }))).toBe('registration.malformed')
  })

  it('a signing key whose thumbprint is not the kid, or one with its private part: registration.bad_signature', async () => {
    const other = { alg: 'EdDSA', typ: REGISTRATION_JWS_TYPE, kid: 'x'.repeat(43) }
    expect(await codeOf(await sign(good.payload, other))).toBe('registration.bad_signature')
    const withD = { ...good.payload, signingKey: { ...good.payload.signingKey, d: signingKey.d } }
    expect(await codeOf(await sign(withD))).toBe('registration.bad_signature')
  })

  it('an unregistered member class and a service of another member: registration.invalid', async () => {
    expect(await codeOf(good.jws, { instance: 'KG', memberClasses: ['GOV'] })).toBe(
      'registration.invalid',
    )
    const services = [{ id: 'KG/COM/10000009/accounts/balances', title: 'Balances' }]
    expect(await codeOf(await sign({ ...good.payload, services }))).toBe('registration.invalid')
    const unlisted = [{ id: `${MEMBER}/cards/limits`, title: 'Limits' }]
    expect(await codeOf(await sign({ ...good.payload, services: unlisted }))).toBe(
      'registration.invalid',
    )
  })

  it('a federation URL on another host: registration.identity_mismatch', async () => {
    const node = { ...good.payload.node, federationUrl: 'https://127.0.0.99:5501' }
    expect(await codeOf(await sign({ ...good.payload, node }))).toBe(
      'registration.identity_mismatch',
    )
  })

  it('a request of another federation: registration.wrong_instance', async () => {
    expect(await codeOf(good.jws, { ...CHECKS, instance: 'EE' })).toBe(
      'registration.wrong_instance',
    )
  })
})
