// Directory sources on real loopback listeners: an honest one, one that floods, one that redirects.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'

export interface DirectorySource {
  url: string
  requests(): number
  close(): Promise<void>
}

export interface DocumentSource extends DirectorySource {
  /** Answers 200 with `body` from now on. */
  serve(body: string): void
  /** Answers `status` with an empty body from now on. */
  fail(status: number): void
}

export interface FloodingSource extends DirectorySource {
  /** Bytes written into the socket before the client went away or the total was reached. */
  sent(): number
  /** Resolves once the connection of the `n`-th request (from 1) has been closed. */
  closed(n: number): Promise<void>
}

/** Listens on `host` (a 127.0.0.x address, so each source is its own peer) at a free port. */
async function listen(
  host: string,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ server: Server; url: string; requests(): number; close(): Promise<void> }> {
  let requests = 0
  const server = createServer((req, res) => {
    requests += 1
    req.resume()
    handler(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  const { port } = server.address() as { port: number }
  return {
    server,
    url: `http://${host}:${port}/directory`,
    requests: () => requests,
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

/** An honest source: the body it was last told to serve, or an error status. */
export async function startDocumentSource(host: string, body = ''): Promise<DocumentSource> {
  let answer = { status: 200, body }
  const base = await listen(host, (_req, res) => {
    res.writeHead(answer.status, { 'content-type': 'application/jose' })
    res.end(answer.body)
  })
  return {
    ...base,
    serve: (next) => (answer = { status: 200, body: next }),
    fail: (status) => (answer = { status, body: '' }),
  }
}

/**
 * A hostile source that streams `totalBytes` chunked (no Content-Length), one reused 64 KiB
 * chunk at a time as the socket drains, and stops the moment the client disconnects.
 */
export async function startFloodingSource(
  host: string,
  totalBytes: number,
): Promise<FloodingSource> {
  const chunk = Buffer.alloc(64 * 1024, 0x41)
  const closings: Promise<void>[] = []
  let sent = 0
  const base = await listen(host, (req, res) => {
    closings.push(new Promise((resolve) => req.socket.once('close', () => resolve())))
    let gone = false
    res.once('close', () => (gone = true))
    res.writeHead(200, { 'content-type': 'application/jose' })
    let left = totalBytes
    const pump = () => {
      while (!gone && left > 0) {
        left -= chunk.byteLength
        sent += chunk.byteLength
        if (!res.write(chunk)) return void res.once('drain', pump)
      }
      if (!gone) res.end()
    }
    pump()
  })
  return {
    ...base,
    sent: () => sent,
    closed: async (n) => {
      while (closings.length < n) await new Promise((r) => setImmediate(r))
      await closings[n - 1]
    },
  }
}

/** A hostile source that answers every request with a 302 to `location`. */
export async function startRedirectingSource(
  host: string,
  location: string,
): Promise<DirectorySource> {
  return listen(host, (_req, res) => {
    res.writeHead(302, { location })
    res.end()
  })
}
