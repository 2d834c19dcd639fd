// Every listener bounds its connections: a request that never finishes its headers is cut at the
// header timeout, and no listener holds more connections than its cap (docs/configuration.md).
import { readFile } from 'node:fs/promises'
import { connect as connectTcp, type Socket } from 'node:net'
import { connect as connectTls } from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolvePkiPath } from '#certs/index.js'
import type { RunningGateway } from '#gateway/server.js'
import { join } from 'node:path'
import { BANK, startTestFederation, type TestFederation } from '../support/test-federation.js'

const HEADERS_TIMEOUT_MS = 1000
/** Generous: the header timeout plus two sweeps of the connection check and then some. */
const CLOSED_WITHIN_MS = 4000

let fed: TestFederation
let bank: RunningGateway
let federationCa: string
let bankTls: { cert: string; key: string }

beforeAll(async () => {
  fed = await startTestFederation()
  bank = await fed.startVariant(`${BANK}/gw1`, (c) => ({
    ...c,
    limits: {
      ...c.limits,
      headersTimeoutMs: HEADERS_TIMEOUT_MS,
      maxConnections: { consumer: 2 },
    },
  }))
  const { tls } = fed.node(`${BANK}/gw1`).config
  const caFile = resolvePkiPath(join(fed.dir, 'pki'), fed.prepared.manifest.ca.certFile)
  const [ca, cert, key] = await Promise.all(
    [caFile, tls.certFile, tls.keyFile].map((f) => readFile(f, 'utf8')),
  )
  federationCa = ca!
  bankTls = { cert: cert!, key: key! }
})
afterAll(() => fed?.close())

type Listener = 'consumer' | 'federation' | 'admin'

/** A connected socket to one of the variant's listeners; the federation one with mutual TLS. */
function open(listener: Listener): Promise<Socket> {
  const url = new URL(
    { consumer: bank.consumerUrl, federation: bank.federationUrl, admin: bank.adminUrl }[listener],
  )
  const options = { host: url.hostname, port: Number(url.port) }
  return new Promise((resolve, reject) => {
    const socket =
      listener === 'federation'
        ? connectTls(
            { ...options, ...bankTls, ca: [federationCa], checkServerIdentity: () => undefined },
            () => resolve(socket),
          )
        : connectTcp(options, () => resolve(socket))
    socket.once('error', reject)
  })
}

interface Ending {
  /** Whether the server closed the connection within the bound. */
  closed: boolean
  received: string
}

/** Collects what the server sends until it closes the connection, or `withinMs` passes. */
function ending(socket: Socket, withinMs: number): Promise<Ending> {
  return new Promise((resolve) => {
    let received = ''
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')))
    socket.on('error', () => undefined)
    const timer = setTimeout(() => resolve({ closed: false, received }), withinMs)
    socket.once('close', () => {
      clearTimeout(timer)
      resolve({ closed: true, received })
    })
  })
}

/** The first response line the server sends to a whole request on `socket`. */
function statusLine(socket: Socket, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = ''
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1')
      if (received.includes('\r\n')) resolve(received.split('\r\n')[0]!)
    })
    socket.once('close', () => reject(new Error(`closed after ${JSON.stringify(received)}`)))
    socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`)
  })
}

/** Polls `attempt` until it resolves, within a bound, and fails the test otherwise. */
async function eventually<T>(attempt: () => Promise<T>, withinMs = 3000): Promise<T> {
  const deadline = Date.now() + withinMs
  for (;;) {
    try {
      return await attempt()
    } catch (e) {
      if (Date.now() > deadline) throw e
      await new Promise((r) => setTimeout(r, 50))
    }
  }
}

describe('header timeout', () => {
  it.each(['consumer', 'federation', 'admin'] as const)(
    'closes a connection to the %s listener that sends half a request line and nothing more',
    async (listener) => {
      const socket = await open(listener)
      const result = ending(socket, CLOSED_WITHIN_MS)
      socket.write('GET /r1/KG/CO')
      const { closed, received } = await result
      expect(closed).toBe(true)
      expect(received).toMatch(/^HTTP\/1\.1 408 /)
    },
    6000,
  )
})

describe('connection cap', () => {
  it('refuses a third consumer connection while two idle ones are open, and serves one after they close', async () => {
    const idle = [await open('consumer'), await open('consumer')]
    const third = await open('consumer')
    const refused = await ending(third, CLOSED_WITHIN_MS)
    expect(refused).toEqual({ closed: true, received: '' })
    // The cap refuses newcomers only: a connection it holds is served as usual.
    expect(await statusLine(idle[0]!, '/listClients')).toBe('HTTP/1.1 200 OK')
    await Promise.all(
      idle.map((s) => {
        const closed = ending(s, CLOSED_WITHIN_MS)
        s.end()
        return closed
      }),
    )
    const line = await eventually(async () => statusLine(await open('consumer'), '/listClients'))
    expect(line).toBe('HTTP/1.1 200 OK')
  }, 10_000)

  it('leaves the other listeners to their own caps', async () => {
    const held = [await open('consumer'), await open('consumer')]
    try {
      expect(await statusLine(await open('admin'), '/health')).toBe('HTTP/1.1 200 OK')
    } finally {
      for (const s of held) s.destroy()
    }
  })
})
