// The federation listener authenticates the peer in the TLS handshake, against the directory's
// current CAs, before any HTTP (docs/design.md §2).
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { connect, type TLSSocket } from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createRootCa,
  issueNodeCertificate,
  resolvePkiPath,
  type NodeCertificate,
} from '#certs/index.js'
import { signDirectory, type DirectoryDocument } from '#gateway/directory/index.js'
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

  it('refuses on a kept-alive connection a peer whose CA a new directory removed', async () => {
    const socket = await openKeptAlive(await bankCredentials())
    try {
      // Unsigned: past the peer check, the signature check refuses it.
      expect(await askOver(socket)).toBe('401 server.serverproxy.invalid_signature_value')
      await publishDirectory((doc) => {
        doc.federationCas = [rogueCa]
      })
      expect(await askOver(socket)).toBe('401 server.serverproxy.ssl_authentication_failed')
      expect((await probe(await bankCredentials())).received).toBe('')
    } finally {
      socket.destroy()
      await publishDirectory((doc) => {
        doc.federationCas = [federationCa]
      })
    }
  })
})

/** A mutual-TLS connection to the provider's federation port that stays open between requests. */
function openKeptAlive(client: ClientCredentials): Promise<TLSSocket> {
  const { hostname, port } = new URL(fed.provider.federationUrl)
  return new Promise((resolve, reject) => {
    const socket = connect(
      { host: hostname, port: Number(port), ...client, ca: [federationCa] },
      () => resolve(socket),
    )
    socket.once('error', reject)
  })
}

/** One request over `socket`, answered with `<status> <X-Road-Error>` once the body is in. */
function askOver(socket: TLSSocket): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = ''
    const onData = (chunk: Buffer) => {
      received += chunk.toString('latin1')
      const end = received.indexOf('\r\n\r\n')
      const length = Number(/^content-length: *(\d+)/im.exec(received)?.[1] ?? NaN)
      if (end < 0 || received.length < end + 4 + length) return
      socket.off('data', onData)
      const status = received.split(' ')[1]
      resolve(`${status} ${/^x-road-error: *(\S+)/im.exec(received)?.[1]}`)
    }
    socket.on('data', onData)
    socket.once('close', () => reject(new Error(`closed after ${JSON.stringify(received)}`)))
    socket.write(
      `GET /r1/${KYC_APP}/listMethods HTTP/1.1\r\nHost: localhost\r\nX-Road-Client: ${KYC_APP}\r\n\r\n`,
    )
  })
}
