// The federation listener authenticates the peer in the TLS handshake, against the directory's
// current CAs, before any HTTP (docs/design.md §2).
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createRootCa,
  issueNodeCertificate,
  resolvePkiPath,
  type NodeCertificate,
} from '../../certs/index.js'
import { signDirectory, type DirectoryDocument } from '../../gateway/directory/index.js'
import {
  BANK,
  KYC_APP,
  startTestFederation,
  type TestFederation,
} from '../support/test-federation.js'
import { probeFederationPort, type ClientCredentials } from '../support/tls-probe.js'

let fed: TestFederation
let federationCa: string
let rogueCa: string
let rogue: NodeCertificate

beforeAll(async () => {
  fed = await startTestFederation()
  const pki = join(fed.dir, 'pki')
  federationCa = await readFile(resolvePkiPath(pki, fed.prepared.manifest.ca.certFile), 'utf8')
  const ca = await createRootCa({ name: 'Rogue CA' })
  rogueCa = ca.certPem
  rogue = await issueNodeCertificate({ ca, nodeId: `${BANK}/gw1` })
})
afterAll(() => fed?.close())

const probe = (client: ClientCredentials) =>
  probeFederationPort(fed.provider.federationUrl, federationCa, client, KYC_APP)

/** The bank node's own federation certificate: from the directory's CA, registered to the bank. */
async function bankCredentials(): Promise<ClientCredentials> {
  const { tls } = fed.node(`${BANK}/gw1`).config
  const [cert, key] = await Promise.all([
    readFile(tls.certFile, 'utf8'),
    readFile(tls.keyFile, 'utf8'),
  ])
  return { cert, key }
}

/** Signs and publishes the next directory with `change` applied, and has the provider take it. */
async function publishDirectory(change: (doc: DirectoryDocument) => void): Promise<void> {
  const file = fed.prepared.directoryFile
  const [, payload] = (await readFile(file, 'utf8')).split('.')
  const doc = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as DirectoryDocument
  doc.serial += 1
  change(doc)
  const keyFile = resolvePkiPath(
    join(fed.dir, 'pki'),
    fed.prepared.manifest.directoryKey.privateJwkFile,
  )
  await writeFile(file, await signDirectory(doc, JSON.parse(await readFile(keyFile, 'utf8'))))
  const view = await fed.provider.gateway.directory.refresh()
  expect(view.serial).toBe(doc.serial)
}

describe('federation handshake', () => {
  it('answers over HTTP a client whose certificate comes from a federation CA (the probe is sound)', async () => {
    const res = await probe(await bankCredentials())
    expect(res.received).toMatch(/^HTTP\/1\.1 401 /)
    expect(res.received).toMatch(/^x-road-error: server\.serverproxy\./im)
  })

  it('ends the handshake of a client that presents no certificate: no HTTP status, no X-Road error body', async () => {
    const res = await probe({})
    expect(res.received).toBe('')
    expect(res.error ?? 'closed').toMatch(/^(ERR_SSL_\w+_ALERT_\w+|ECONNRESET|closed)$/)
  })

  it('ends the handshake of a client whose certificate comes from a CA not in the directory', async () => {
    const res = await probe({ cert: rogue.chainPem, key: rogue.keyPem })
    expect(res.received).toBe('')
    expect(res.error ?? 'closed').toMatch(/^(ERR_SSL_\w+_ALERT_\w+|ECONNRESET|closed)$/)
  })

  it('trusts a CA a new directory adds and refuses it once a later one removes it, without a restart', async () => {
    const client = { cert: rogue.chainPem, key: rogue.keyPem }
    await publishDirectory((doc) => doc.federationCas.push(rogueCa))
    const admitted = await probe(client)
    // The handshake passes; the certificate is registered to no node, which HTTP then refuses.
    expect(admitted.received).toMatch(/^HTTP\/1\.1 401 /)
    expect(admitted.received).toMatch(
      /^x-road-error: server\.serverproxy\.ssl_authentication_failed/im,
    )
    await publishDirectory((doc) => {
      doc.federationCas = doc.federationCas.filter((pem) => pem !== rogueCa)
    })
    expect((await probe(client)).received).toBe('')
    expect((await probe(await bankCredentials())).received).toMatch(/^HTTP\/1\.1 401 /)
  })
})
