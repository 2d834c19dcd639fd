// Test helper: one real mutual TLS 1.3 handshake over loopback, reporting what each side saw.
import type { AddressInfo } from 'node:net'
import tls from 'node:tls'

export interface TlsParty {
  certPem: string
  keyPem: string
  /** Trust anchors: the root only, never the system store. */
  ca: string[]
}

export interface HandshakeResult {
  /** The server's greeting arrived: both sides accepted each other. */
  ok: boolean
  protocol?: string | null
  /** Fingerprints of the peer certificate as each side's getPeerCertificate() reports it. */
  serverSawClient?: string
  clientSawServer?: string
  clientError?: NodeJS.ErrnoException
  serverError?: NodeJS.ErrnoException
  /** Why the server refused the client's certificate (an OpenSSL verify code). */
  serverRejected?: string
}

export async function mutualTlsHandshake(
  server: TlsParty,
  client: TlsParty,
): Promise<HandshakeResult> {
  const result: HandshakeResult = { ok: false }
  const listener = tls.createServer({
    key: server.keyPem,
    cert: server.certPem,
    ca: server.ca,
    requestCert: true,
    rejectUnauthorized: true,
    minVersion: 'TLSv1.3',
  })
  listener.on('tlsClientError', (error, socket) => {
    result.serverError = error
    result.serverRejected = (
      socket as tls.TLSSocket & { authorizationError?: string }
    ).authorizationError
  })
  listener.on('secureConnection', (socket) => {
    result.serverSawClient = socket.getPeerCertificate().fingerprint256
    socket.end('hello')
  })
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve))
  const { port } = listener.address() as AddressInfo
  try {
    await new Promise<void>((resolve) => {
      const socket = tls.connect({
        host: '127.0.0.1',
        port,
        key: client.keyPem,
        cert: client.certPem,
        ca: client.ca,
        minVersion: 'TLSv1.3',
      })
      socket.on('secureConnect', () => {
        result.protocol = socket.getProtocol()
        result.clientSawServer = socket.getPeerCertificate().fingerprint256
      })
      socket.on('data', (data) => (result.ok = data.toString() === 'hello'))
      socket.on('error', (error) => (result.clientError = error))
      socket.on('close', () => resolve())
    })
  } finally {
    await new Promise((resolve) => listener.close(resolve))
  }
  return result
}
