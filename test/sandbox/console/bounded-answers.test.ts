// The console reads what gateways answer through the bounded reader: an endless answer to a try-it
// request or to `/ready` is refused or counted as not ready, on a real socket.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { exportJWK, generateKeyPair } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConsoleContext } from '#sandbox/console/context.js'
import { probeNode } from '#sandbox/console/node-health.js'
import { sendTry } from '#sandbox/console/try-request.js'
import { MAX_CALL_ANSWER_BYTES, sandboxClient } from '#sandbox/sandbox-file.js'
import type { SandboxDescription, SandboxGateway } from '#sandbox/sandbox-file.js'

const CLIENT = 'KG/COM/10000001/kyc-app'
const CHUNK = Buffer.alloc(256 * 1024, 0x20)
let dir: string
let server: Server
let base: string
/** Bytes the endless answers have handed to the socket, over all requests. */
let written = 0

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kopuro-console-bounds-'))
  // `/token` answers a token; everything else answers 200 JSON that never ends.
  server = createServer((req, res) => {
    req.resume()
    if (req.url === '/token') {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ access_token: 'a.b.c', token_type: 'Bearer', expires_in: 300 }))
      return
    }
    res.writeHead(200, { 'content-type': 'application/json' })
    const pump = () => {
      while (!res.destroyed && res.write(CHUNK)) written += CHUNK.byteLength
      if (!res.destroyed) res.once('drain', pump)
    }
    pump()
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((r) => server.close(r))
  await rm(dir, { recursive: true, force: true })
})

async function consoleContext(): Promise<ConsoleContext> {
  const { privateKey } = await generateKeyPair('EdDSA', { extractable: true })
  const privateKeyFile = join(dir, 'client.jwk.json')
  await writeFile(privateKeyFile, JSON.stringify(await exportJWK(privateKey)))
  const sandbox = {
    clients: [{ id: CLIENT, privateKeyFile, tokenEndpoint: `${base}/token`, consumerUrl: base }],
  } as unknown as SandboxDescription
  const handle = sandboxClient(sandbox, CLIENT)
  return { client: () => Promise.resolve(handle) } as unknown as ConsoleContext
}

describe('bounded console answers', () => {
  it('a try-it request whose answer never ends fails with a message, after at most 16 MiB', async () => {
    written = 0
    const outcome = await sendTry(await consoleContext(), 'KG/GOV/70000001/population/persons', {
      clientId: CLIENT,
      method: 'GET',
      path: '/22905199138381',
    })
    expect(outcome).toEqual({
      ok: false,
      error: `The request could not be sent: body exceeds ${MAX_CALL_ANSWER_BYTES} bytes`,
    })
    // What the sender pushed into socket buffers beyond what was read stays small.
    expect(written).toBeLessThan(MAX_CALL_ANSWER_BYTES + 16 * 1024 * 1024)
  })

  it('a node whose /ready never ends counts as not ready, named by its status', async () => {
    const gateway = { node: 'KG/GOV/70000001/gw1', adminUrl: base } as SandboxGateway
    const health = await probeNode(gateway, 10_000)
    expect(health).toMatchObject({ state: 'not_ready', reason: 'answered 200' })
  })
})
