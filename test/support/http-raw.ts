// Plain node:http requests that keep the path exactly as written (fetch would normalise `..`),
// and chunked uploads of any size that never hold their body in memory.
import { request, type ClientRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest, type RequestOptions as HttpsRequestOptions } from 'node:https'

export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

export function rawRequest(
  baseUrl: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array } = {},
): Promise<RawResponse> {
  const url = new URL(baseUrl)
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        )
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

/** The X-Road error code and the parsed error body of a gateway response. */
export function xroadError(res: RawResponse): {
  code: string | undefined
  body: { type?: string; detail?: string }
} {
  const code = res.headers['x-road-error']
  let body = {}
  try {
    body = JSON.parse(res.body) as object
  } catch {
    // Not JSON: leave the body empty, the assertion on `code` will say what went wrong.
  }
  return { code: typeof code === 'string' ? code : undefined, body }
}

export interface ChunkedRequestOptions {
  /** Where to send it: a base URL, or host and port (then `tls` decides the scheme). */
  url?: string
  host?: string
  port?: number
  path: string
  method?: string
  headers?: Record<string, string>
  /** How many body bytes to send at most; fewer when the server answers first. */
  totalBytes: number
  /** The size of each chunk written (one buffer, reused, so the sender itself stays small). */
  chunkBytes?: number
  /** TLS client options (CA, client certificate, servername); set for an https listener. */
  tls?: Omit<HttpsRequestOptions, 'host' | 'port' | 'path' | 'method' | 'headers'>
}

/**
 * Streams a body of `totalBytes` with `Transfer-Encoding: chunked` (no Content-Length, so the
 * server only learns the size by reading) and resolves with the answer. Writing follows the
 * socket's backpressure and stops as soon as the server answers or closes; a write that fails
 * after the answer arrived is not an error.
 *
 * @example await chunkedRequest({ url, path: '/token', method: 'POST', totalBytes: 64 << 20 })
 */
export function chunkedRequest(options: ChunkedRequestOptions): Promise<RawResponse> {
  const base = options.url === undefined ? undefined : new URL(options.url)
  const secure = base ? base.protocol === 'https:' : options.tls !== undefined
  const chunk = Buffer.alloc(options.chunkBytes ?? 64 * 1024, 0x61)
  return new Promise((resolve, reject) => {
    let answered = false
    let stopped = false
    const requestOptions: HttpsRequestOptions = {
      ...options.tls,
      host: base?.hostname ?? options.host ?? '127.0.0.1',
      port: base?.port ?? options.port,
      path: options.path,
      method: options.method ?? 'POST',
      headers: { ...options.headers, 'transfer-encoding': 'chunked' },
      agent: false,
    }
    const onResponse = (res: IncomingMessage) => {
      answered = true
      stopped = true
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        // The body may be unfinished: drop the connection rather than leave it half-sent.
        req.destroy()
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        })
      })
      res.on('error', reject)
      res.on('close', () => (res.complete ? undefined : reject(new Error('answer cut off'))))
    }
    const req = secure
      ? httpsRequest(requestOptions, onResponse)
      : request(requestOptions, onResponse)
    req.on('error', (e) => {
      stopped = true
      if (!answered) reject(e)
    })
    req.on('close', () => (stopped = true))
    const pump = async () => {
      let sent = 0
      while (!stopped && sent < options.totalBytes) {
        const piece = Math.min(chunk.byteLength, options.totalBytes - sent)
        sent += piece
        const more = req.write(piece === chunk.byteLength ? chunk : chunk.subarray(0, piece))
        if (!more) await new Promise((r) => (stopped ? r(undefined) : waitForDrain(req, r)))
      }
      if (!stopped) req.end()
    }
    void pump()
  })
}

/** Resolves on `drain`, or when the request closes or fails first (then nothing drains). */
function waitForDrain(req: ClientRequest, done: (v: undefined) => void): void {
  const finish = () => {
    req.off('drain', finish)
    req.off('close', finish)
    req.off('error', finish)
    done(undefined)
  }
  req.on('drain', finish)
  req.on('close', finish)
  req.on('error', finish)
}
