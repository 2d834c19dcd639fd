// The registration API of a running authority, over real sockets, with real keys, CSRs and
// certificates: accept, approve as one batch, reject, and every refusal with nothing written.
import { X509Certificate } from 'node:crypto'
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CompactSign, importJWK, type JWK } from 'jose'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  createRootCa,
  createSigningKey,
  issueCertificateFromRequest,
  type SigningJwk,
} from '#certs/index.js'
import {
  initFederationFolder,
  issueAdminToken,
  readAdminKey,
  readChangeRecords,
  startAuthority,
  type AuthorityProblem,
  type FederationFolderPaths,
  type RegistrationEntry,
  type RegistrationView,
  type RunningAuthority,
} from '#gateway/directory/authority/index.js'
import {
  verifyDirectory,
  type DirectoryAnchor,
  type DirectoryDocument,
} from '#gateway/directory/index.js'
import {
  openRegistrationRequest,
  REGISTRATION_JWS_TYPE,
  type RegistrationPayload,
} from '#gateway/directory/registration/index.js'
import { createNodeFolder, type NodeFolder } from '../../../support/node-folder.js'

const BANK = 'KG/COM/10000003'
const AGENCY = 'KG/GOV/70000001'

let fed: FederationFolderPaths
let anchor: DirectoryAnchor
let ca: { certPem: string; keyPem: string }
let running: RunningAuthority
let admin: string
let observer: string

async function start(): Promise<RunningAuthority> {
  return startAuthority({
    stateFile: fed.stateFile,
    directoryKeyFile: fed.directoryKey,
    adminKeyFile: fed.adminKey,
    changeLogDir: fed.changeLogDir,
    port: 0,
  })
}

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kopuro-registrations-'))
  fed = await initFederationFolder(dir, {
    instance: 'KG',
    publicUrl: 'http://127.0.0.1:4400',
    memberClasses: [
      { code: 'GOV', description: 'Government' },
      { code: 'COM', description: 'Commercial' },
    ],
  })
  anchor = JSON.parse(await readFile(fed.anchor, 'utf8')) as DirectoryAnchor
  ca = { certPem: await readFile(fed.caCert, 'utf8'), keyPem: await readFile(fed.caKey, 'utf8') }
  running = await start()
  const privateJwk = await readAdminKey(fed.adminKey)
  admin = await issueAdminToken({ privateJwk, subject: 'alice' })
  observer = await issueAdminToken({ privateJwk, subject: 'olga', role: 'observer' })
})
afterAll(() => running?.close())

function bankFolder(extra: Partial<Parameters<typeof createNodeFolder>[0]> = {}) {
  return createNodeFolder({
    member: BANK,
    node: 'gw1',
    host: '127.0.0.30',
    memberName: 'Bank Three',
    anchor,
    clients: ['kyc-app'],
    services: [{ id: `${BANK}/accounts/balances`, title: 'Account balances' }],
    ...extra,
  })
}

function submit(body: string, type = 'application/jose'): Promise<Response> {
  return fetch(`${running.url}/registrations`, {
    method: 'POST',
    headers: { 'content-type': type },
    body,
  })
}

async function registered(folder: NodeFolder): Promise<string> {
  const { jws } = await openRegistrationRequest(folder.dir)
  const res = await submit(jws)
  expect(res.status).toBe(202)
  return ((await res.json()) as { id: string }).id
}

function adminCall(path: string, body?: unknown, token = admin): Promise<Response> {
  return fetch(`${running.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
}

async function status(id: string): Promise<RegistrationView> {
  const res = await fetch(`${running.url}/registrations/${id}`)
  expect(res.status).toBe(200)
  return (await res.json()) as RegistrationView
}

async function certificateFor(folder: NodeFolder, issuer = ca): Promise<string> {
  const csrPem = await readFile(folder.paths.tlsCsr, 'utf8')
  return (await issueCertificateFromRequest({ ca: issuer, csrPem })).certPem
}

async function approve(id: string, certificate: string): Promise<Response> {
  return adminCall(`/admin/registrations/${id}/approve`, { certificate })
}

async function directory(): Promise<DirectoryDocument> {
  const res = await fetch(`${running.url}/directory`)
  return verifyDirectory(await res.text(), anchor)
}

async function expectProblem(res: Response, status: number, code: string): Promise<void> {
  const body = (await res.json()) as AuthorityProblem
  expect([res.status, body.code, res.headers.get('content-type')]).toEqual([
    status,
    code,
    'application/problem+json',
  ])
}

/** The registry and the registration store as bytes (undefined for a file not made yet). */
async function written(): Promise<(string | undefined)[]> {
  const read = (file: string) => readFile(file, 'utf8').catch(() => undefined)
  return [await read(fed.stateFile), await read(fed.registrationsFile)]
}

/** A payload signed as the node would sign it, for requests that `register` never builds. */
async function signPayload(payload: unknown, signingKey: JWK & { kid: string }): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'EdDSA', typ: REGISTRATION_JWS_TYPE, kid: signingKey.kid })
    .sign(await importJWK(signingKey, 'EdDSA'))
}

async function signingKeyOf(folder: NodeFolder): Promise<SigningJwk> {
  return JSON.parse(await readFile(folder.paths.signingKey, 'utf8')) as SigningJwk
}

describe('a new member registers a node', () => {
  let bank: NodeFolder
  let id: string

  beforeAll(async () => {
    bank = await bankFolder()
    id = await registered(bank)
  })

  it('is pending, listed for the operator with the CSR key fingerprint and the signing kid', async () => {
    expect(id).toMatch(/^reg_[a-z2-7]{26}$/)
    expect((await stat(fed.registrationsFile)).mode & 0o777).toBe(0o600)
    expect((await stat(fed.stateDir)).mode & 0o777).toBe(0o700)
    expect(await status(id)).toMatchObject({ id, status: 'pending', member: BANK, node: 'gw1' })
    const res = await adminCall('/admin/registrations?status=pending', undefined, observer)
    expect(res.status).toBe(200)
    const entry = ((await res.json()) as RegistrationEntry[]).find((e) => e.id === id)
    const { payload } = await openRegistrationRequest(bank.dir)
    expect(entry).toMatchObject({
      status: 'pending',
      member: BANK,
      memberName: 'Bank Three',
      node: 'gw1',
      host: '127.0.0.30',
      federationUrl: 'https://127.0.0.30:5501',
      signingKid: payload.signingKey.kid,
      logKid: payload.logKey.kid,
      subsystems: [{ code: 'kyc-app' }, { code: 'accounts' }],
      services: [{ id: `${BANK}/accounts/balances`, title: 'Account balances' }],
    })
    expect(entry?.tlsKeyFingerprint).toMatch(/^[0-9a-f]{64}$/)
    expect((await directory()).members.map((m) => m.id)).not.toContain(BANK)
  })

  it('is approved with a CA-issued certificate: one change, the next directory lists it all', async () => {
    const before = (await directory()).serial
    const certificate = await certificateFor(bank)
    const res = await approve(id, certificate)
    expect(res.status).toBe(200)
    const answer = (await res.json()) as { id: string; status: string; serial: number }
    expect(answer).toEqual({ id, status: 'approved', serial: before + 1 })

    const view = await status(id)
    expect(view).toMatchObject({ status: 'approved', serial: before + 1 })
    const leaf = new X509Certificate(view.certificate!)
    const root = new X509Certificate(ca.certPem)
    expect(leaf.checkIssued(root) && leaf.verify(root.publicKey)).toBe(true)
    expect(leaf.subject).toBe(`CN=${BANK}/gw1`)
    expect(leaf.subjectAltName).toBe('IP Address:127.0.0.30')
    expect(view.certificate).toContain(ca.certPem.trim())

    const doc = await directory()
    expect(doc.serial).toBe(before + 1)
    const { payload } = await openRegistrationRequest(bank.dir)
    const member = doc.members.find((m) => m.id === BANK)
    expect(member).toMatchObject({
      name: 'Bank Three',
      subsystems: [{ code: 'kyc-app' }, { code: 'accounts' }],
      nodes: [
        {
          code: 'gw1',
          federationUrl: 'https://127.0.0.30:5501',
          tlsFingerprint: leaf.fingerprint256.replaceAll(':', '').toLowerCase(),
          logKey: payload.logKey,
        },
      ],
    })
    expect(member?.signingKeys.map((k) => k.jwk.kid)).toEqual([payload.signingKey.kid])
    expect(doc.services.map((s) => s.id)).toContain(`${BANK}/accounts/balances`)

    const changes = []
    for await (const change of readChangeRecords(fed.changeLogDir)) changes.push(change)
    expect(changes.at(-1)).toMatchObject({
      actor: 'alice',
      action: 'approve-registration',
      target: id,
      serial: before + 1,
    })
  })

  it('refuses a second approval: 409 registration.decided', async () => {
    await expectProblem(await approve(id, await certificateFor(bank)), 409, 'registration.decided')
  })

  it('takes a second node of the member signed with its registered key, and adds only the node', async () => {
    const gw2 = await bankFolder({ node: 'gw2', host: '127.0.0.31', services: [] })
    await writeFile(gw2.paths.signingKey, await readFile(bank.paths.signingKey))
    const second = await registered(gw2)
    const res = await approve(second, await certificateFor(gw2))
    expect(res.status).toBe(200)
    const member = (await directory()).members.find((m) => m.id === BANK)
    expect(member?.nodes.map((n) => n.code)).toEqual(['gw1', 'gw2'])
    expect(member?.signingKeys).toHaveLength(1)
  })

  it("refuses the member's registration signed by a new key: 403 registration.member_exists", async () => {
    const gw3 = await bankFolder({ node: 'gw3', host: '127.0.0.32' })
    const before = await written()
    const { jws } = await openRegistrationRequest(gw3.dir)
    await expectProblem(await submit(jws), 403, 'registration.member_exists')
    expect(await written()).toEqual(before)
  })

  it('refuses a node already registered: 409 registration.node_exists', async () => {
    const again = await bankFolder()
    await writeFile(again.paths.signingKey, await readFile(bank.paths.signingKey))
    const { jws } = await openRegistrationRequest(again.dir)
    await expectProblem(await submit(jws), 409, 'registration.node_exists')
  })
})

describe('the operator rejects a registration', () => {
  it('shows it rejected with the reason and records the rejection', async () => {
    const folder = await createNodeFolder({
      member: 'KG/COM/10000004',
      node: 'gw1',
      host: '127.0.0.40',
      memberName: 'Bank Four',
      anchor,
    })
    const id = await registered(folder)
    const res = await adminCall(`/admin/registrations/${id}/reject`, {
      reason: 'the member has no contract with the federation',
    })
    expect([res.status, await res.json()]).toEqual([200, { id, status: 'rejected' }])
    expect(await status(id)).toMatchObject({
      status: 'rejected',
      reason: 'the member has no contract with the federation',
    })
    const changes = []
    for await (const change of readChangeRecords(fed.changeLogDir)) changes.push(change)
    expect(changes.at(-1)).toMatchObject({
      actor: 'alice',
      action: 'reject-registration',
      target: id,
      after: { reason: 'the member has no contract with the federation' },
    })
    await expectProblem(await approve(id, 'x'), 409, 'registration.decided')
  })
})

describe('refused registrations change nothing', () => {
  let good: NodeFolder
  let goodId: string
  let before: (string | undefined)[]

  beforeAll(async () => {
    good = await createNodeFolder({
      member: 'KG/COM/10000005',
      node: 'gw1',
      host: '127.0.0.50',
      memberName: 'Bank Five',
      anchor,
    })
    goodId = await registered(good)
  })
  beforeEach(async () => {
    before = await written()
  })
  afterEach(async () => {
    expect(await written()).toEqual(before)
  })

  it("refuses a CSR naming another member's node: 400 registration.identity_mismatch", async () => {
    const folder = await bankFolder({ commonName: `${AGENCY}/gw1` })
    const { jws } = await openRegistrationRequest(folder.dir)
    const res = await submit(jws)
    const body = (await res.clone().json()) as AuthorityProblem
    expect(body.detail).toMatch(/CN/)
    await expectProblem(res, 400, 'registration.identity_mismatch')
  })

  it('refuses a CSR whose subjectAltName is not the host: 400 registration.identity_mismatch', async () => {
    const folder = await bankFolder({ csrHosts: ['127.0.0.99'] })
    const { jws } = await openRegistrationRequest(folder.dir)
    const res = await submit(jws)
    expect(((await res.clone().json()) as AuthorityProblem).detail).toMatch(/subjectAltName/)
    await expectProblem(res, 400, 'registration.identity_mismatch')
  })

  it('refuses a bad signature: 400 registration.bad_signature', async () => {
    const { jws } = await openRegistrationRequest(good.dir)
    const [header, payload, signature] = jws.split('.')
    const flipped = `${signature!.slice(0, 10)}${signature![10] === 'A' ? 'B' : 'A'}${signature!.slice(11)}`
    await expectProblem(
      await submit(`${header}.${payload}.${flipped}`),
      400,
      'registration.bad_signature',
    )
  })

  it('refuses a request signed by another key than the one it carries: 400 registration.bad_signature', async () => {
    const { payload } = await openRegistrationRequest(good.dir)
    const other = (await createSigningKey({ alg: 'EdDSA' })).privateJwk
    const jws = await signPayload(payload, { ...other, kid: payload.signingKey.kid })
    await expectProblem(await submit(jws), 400, 'registration.bad_signature')
  })

  it('refuses the same JWS twice, and the same key and nonce: 409 registration.replayed', async () => {
    const { jws, payload } = await openRegistrationRequest(good.dir)
    const first = await submit(jws)
    expect(first.status).toBe(202)
    before = await written()
    await expectProblem(await submit(jws), 409, 'registration.replayed')
    const renewed = await signPayload(
      { ...payload, iat: payload.iat + 1 },
      await signingKeyOf(good),
    )
    await expectProblem(await submit(renewed), 409, 'registration.replayed')
  })

  it('remembers a request after the authority restarts: 409 registration.replayed', async () => {
    const { jws } = await openRegistrationRequest(good.dir)
    expect((await submit(jws)).status).toBe(202)
    const port = Number(new URL(running.url).port)
    await running.close()
    running = await startAuthority({
      stateFile: fed.stateFile,
      directoryKeyFile: fed.directoryKey,
      adminKeyFile: fed.adminKey,
      changeLogDir: fed.changeLogDir,
      port,
    })
    before = await written()
    await expectProblem(await submit(jws), 409, 'registration.replayed')
    expect((await status(goodId)).status).toBe('pending')
  })

  it('refuses an iat more than 300 s old: 400 registration.stale', async () => {
    const { jws } = await openRegistrationRequest(good.dir, { now: () => Date.now() - 301_000 })
    await expectProblem(await submit(jws), 400, 'registration.stale')
  })

  it('refuses another federation: 400 registration.wrong_instance', async () => {
    const { payload } = await openRegistrationRequest(good.dir)
    const jws = await signPayload({ ...payload, instance: 'EE' }, await signingKeyOf(good))
    await expectProblem(await submit(jws), 400, 'registration.wrong_instance')
  })

  it('refuses a service of another member: 400 registration.invalid', async () => {
    const { payload } = await openRegistrationRequest(good.dir)
    const services = [{ id: `${AGENCY}/population/persons`, title: 'Persons' }]
    const changed: RegistrationPayload = { ...payload, services, nonce: 'A'.repeat(22) }
    const jws = await signPayload(changed, await signingKeyOf(good))
    await expectProblem(await submit(jws), 400, 'registration.invalid')
  })

  it('refuses what is not a compact JWS, a body over 64 KiB, and another media type', async () => {
    await expectProblem(await submit('not a jws'), 400, 'registration.malformed')
    await expectProblem(await submit('a.'.repeat(40_000)), 413, 'request_too_large')
    const { jws } = await openRegistrationRequest(good.dir)
    await expectProblem(await submit(jws, 'application/json'), 415, 'unsupported_media_type')
  })

  it('answers an unknown id with 404 registration.unknown, to the member and the operator', async () => {
    const unknown = `reg_${'a'.repeat(26)}`
    const res = await fetch(`${running.url}/registrations/${unknown}`)
    await expectProblem(res, 404, 'registration.unknown')
    await expectProblem(await approve(unknown, 'x'), 404, 'registration.unknown')
    await expectProblem(await approve('reg_NOT-AN-ID', 'x'), 404, 'registration.unknown')
  })

  it('refuses a certificate from another CA: 400 registration.bad_certificate', async () => {
    const otherCa = await createRootCa({ name: 'Another root' })
    const certificate = await certificateFor(good, otherCa)
    await expectProblem(await approve(goodId, certificate), 400, 'registration.bad_certificate')
    expect((await status(goodId)).status).toBe('pending')
  })

  it("refuses a certificate for another node's key: 400 registration.bad_certificate", async () => {
    const certificate = await certificateFor(await bankFolder({ member: 'KG/COM/10000005' }))
    await expectProblem(await approve(goodId, certificate), 400, 'registration.bad_certificate')
  })

  it('lets an observer list but not decide, and no one without a token', async () => {
    const certificate = await certificateFor(good)
    const res = await adminCall(`/admin/registrations/${goodId}/approve`, { certificate }, observer)
    await expectProblem(res, 403, 'forbidden')
    const anonymous = await fetch(`${running.url}/admin/registrations`)
    await expectProblem(anonymous, 401, 'unauthorized')
  })
})
