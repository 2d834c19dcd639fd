// Knock on a federation port with a chosen client certificate (or none) and see what comes back.
import { connect } from 'node:tls'

export interface ClientCredentials {
  /** PEM chain and key; both absent for a client that presents no certificate. */
  cert?: string
  key?: string
}

export interface ProbeResult {
  /** Every byte the server sent after the handshake, as text: '' when it sent none. */
  received: string
  /** The socket's error code, when it ended with one (a TLS alert, a reset). */
  error?: string
}

/**
 * Opens a TLS 1.3 connection to `url`, trusting `serverCa` for the server and presenting
 * `client`, and sends one plain HTTP request as soon as the client side of the handshake is
 * done. In TLS 1.3 the client finishes before the server has checked its certificate, so a
 * refused client sees the request go out and then the connection end with nothing received.
 *
 * @example const { received } = await probeFederationPort(url, caPem, {}, 'KG/COM/10000001/kyc-app')
 */
export function probeFederationPort(
  url: string,
  serverCa: string,
  client: ClientCredentials,
  xroadClient: string,
): Promise<ProbeResult> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve) => {
    let received = ''
    let error: string | undefined
    const socket = connect({
      host: hostname,
      port: Number(port),
      ...client,
      ca: [serverCa],
      minVersion: 'TLSv1.3',
      // The probe is about the server's check of the client; the server is the one it dialled.
      checkServerIdentity: () => undefined,
    })
    socket.once('secureConnect', () =>
      socket.write(
        `GET /r1/${xroadClient}/listMethods HTTP/1.1\r\nHost: ${hostname}\r\n` +
          `X-Road-Client: ${xroadClient}\r\nConnection: close\r\n\r\n`,
      ),
    )
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')))
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code))
    socket.on('close', () => resolve(error === undefined ? { received } : { received, error }))
  })
}
