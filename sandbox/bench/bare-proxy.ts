// The benchmark's baseline hop: a bare node:http → undici Pool pass-through, one per process.
//
//   node --import tsx sandbox/bench/bare-proxy.ts --port 9001 --upstream https://127.0.0.1:9002 \
//     --cert node.chain.pem --key node.key.pem --ca ca.pem [--listen-tls]
//
// No auth, no signing, no logging. TLS (1.3, mutual) is used on the listener with --listen-tls and
// towards the upstream when its URL is https:, with the same certificate files in both roles.
import { readFileSync } from 'node:fs'
import {
  createServer as createHttpServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { Readable } from 'node:stream'
import { parseArgs } from 'node:util'
import { Pool, type Dispatcher } from 'undici'

export interface BareProxyOptions {
  port: number
  upstream: string
  listenTls: boolean
  tls?: { cert: string; key: string; ca: string }
  /** Upstream connections, as many as kopuro's pools open (64). */
  connections: number
}

interface Reply {
  status: number
  headers: Record<string, string | string[]>
  body: Buffer
}

/** RFC 9110 §7.6.1: connection-specific fields are not forwarded; the Host is the upstream's. */
const REQUEST_SKIP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'host',
])
/** The body is re-sent whole, so its length is set anew. */
const RESPONSE_SKIP = new Set([...REQUEST_SKIP, 'content-length'])

/** The same server limits kopuro's gateways set (gateway/server.ts), so neither side saves work. */
const SERVER_OPTIONS = {
  maxHeaderSize: 16 * 1024,
  headersTimeout: 10_000,
  requestTimeout: 60_000,
  keepAliveTimeout: 65_000,
}

/**
 * Starts one hop and resolves once it listens on 127.0.0.1.
 *
 * @example const server = await startBareProxy({ port: 0, upstream: 'http://127.0.0.1:8101', listenTls: false, connections: 64 })
 */
export async function startBareProxy(options: BareProxyOptions): Promise<Server> {
  const upstream = new URL(options.upstream)
  const pool = createUpstreamPool(upstream, options)
  const handler = createHandler(pool, upstream.pathname.replace(/\/$/, ''))
  const server = options.listenTls
    ? createHttpsServer({ ...SERVER_OPTIONS, ...serverTls(options) }, handler)
    : createHttpServer(SERVER_OPTIONS, handler)
  server.once('close', () => void pool.close())
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve))
  return server
}

function createUpstreamPool(upstream: URL, options: BareProxyOptions): Pool {
  const secure = upstream.protocol === 'https:'
  if (secure && !options.tls) throw new TypeError('an https upstream needs --cert, --key and --ca')
  return new Pool(upstream.origin, {
    connections: options.connections,
    keepAliveTimeout: 60_000,
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
    connect:
      secure && options.tls
        ? { ...options.tls, minVersion: 'TLSv1.3', rejectUnauthorized: true }
        : { timeout: 10_000 },
  })
}

function serverTls(options: BareProxyOptions) {
  if (!options.tls) throw new TypeError('--listen-tls needs --cert, --key and --ca')
  return {
    ...options.tls,
    requestCert: true,
    rejectUnauthorized: true,
    minVersion: 'TLSv1.3' as const,
  }
}

function createHandler(pool: Pool, basePath: string) {
  return (req: IncomingMessage, res: ServerResponse) => {
    forward(pool, basePath + (req.url ?? '/'), req).then(
      (reply) => {
        res.writeHead(reply.status, reply.headers)
        res.end(reply.body)
      },
      () => {
        if (!res.headersSent) res.writeHead(502, { 'content-length': '0' })
        res.end()
      },
    )
  }
}

async function forward(pool: Pool, path: string, req: IncomingMessage): Promise<Reply> {
  const upstream = await pool.request({
    method: req.method as Dispatcher.HttpMethod,
    path,
    headers: copyHeaders(req.headers, REQUEST_SKIP),
    body: hasBody(req) ? req : null,
  })
  const body = await collect(upstream.body)
  const headers = copyHeaders(upstream.headers, RESPONSE_SKIP)
  headers['content-length'] = String(body.byteLength)
  return { status: upstream.statusCode, headers, body }
}

function copyHeaders(
  headers: IncomingHttpHeaders,
  skip: Set<string>,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const name in headers) {
    const value = headers[name]
    if (value !== undefined && !skip.has(name)) out[name] = value
  }
  return out
}

function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length']) > 0
}

/** Plain 'data' events: cheaper than async iteration for the small bodies registries return. */
function collect(body: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    body.on('data', (chunk: Buffer) => chunks.push(chunk))
    body.once('error', reject)
    body.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)))
  })
}

function optionsFromArgs(argv: string[]): BareProxyOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      upstream: { type: 'string' },
      'listen-tls': { type: 'boolean', default: false },
      cert: { type: 'string' },
      key: { type: 'string' },
      ca: { type: 'string' },
      connections: { type: 'string', default: '64' },
    },
  })
  if (!values.port || !values.upstream) throw new TypeError('--port and --upstream are required')
  const { cert, key, ca } = values
  return {
    port: Number(values.port),
    upstream: values.upstream,
    listenTls: values['listen-tls'],
    tls:
      cert && key && ca
        ? {
            cert: readFileSync(cert, 'utf8'),
            key: readFileSync(key, 'utf8'),
            ca: readFileSync(ca, 'utf8'),
          }
        : undefined,
    connections: Number(values.connections),
  }
}

async function main(): Promise<void> {
  const options = optionsFromArgs(process.argv.slice(2))
  const server = await startBareProxy(options)
  const stop = () => {
    server.close()
    server.closeAllConnections()
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  const port = (server.address() as { port: number }).port
  process.stdout.write(`${JSON.stringify({ msg: 'bare proxy ready', port })}\n`)
}

if (import.meta.filename === process.argv[1]) await main()
