// An information system's token request reads the token endpoint's answer through the bounded
// reader: an endless answer is refused after 64 KiB, on a real socket.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair } from 'jose'
import { afterEach, describe, expect, it } from 'vitest'
import { BodyTooLargeError } from '#gateway/lib/read-body.js'
import { requestAccessToken } from '#gateway/tokens/index.js'

let server: Server | undefined
afterEach(async () => {
  server?.closeAllConnections()
  await new Promise((r) => server?.close(r))
  server = undefined
})

/** A token endpoint that answers `status` with a body that never ends. */
async function endlessEndpoint(status: number): Promise<{ url: string }> {
  const chunk = Buffer.alloc(64 * 1024, 0x20)
  server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    const pump = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', pump)
    }
    res.on('close', () => res.removeAllListeners('drain'))
    pump()
  })
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}/token` }
}

async function client(tokenEndpoint: string) {
  const { privateKey } = await generateKeyPair('EdDSA', { extractable: true })
  return {
    subsystem: 'KG/COM/10000001/kyc-app',
    privateJwk: await exportJWK(privateKey),
    tokenEndpoint,
  }
}

describe('requestAccessToken', () => {
  it('refuses an endless 200 answer with BodyTooLargeError instead of reading on', async () => {
    const endpoint = await endlessEndpoint(200)
    const refused = await requestAccessToken(await client(endpoint.url)).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(BodyTooLargeError)
    expect((refused as BodyTooLargeError).limit).toBe(64 * 1024)
  })

  it('names an endless refusal by its status, quoting at most 300 characters of it', async () => {
    const endpoint = await endlessEndpoint(400)
    const refused = await requestAccessToken(await client(endpoint.url)).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(Error)
    expect((refused as Error).message).toBe('token endpoint answered 400: ')
  })
})
