// A provider node that is a real gateway behind a man in the middle holding the node's own
// certificate: it alters responses on their way back, as a compromised node could.
import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:https'
import { Agent, request } from 'undici'
import type { GatewayConfig } from '#gateway/config/index.js'
import { startGateway, type RunningGateway } from '#gateway/server.js'
import { freePorts } from './ports.js'

export type Tamper = (headers: Record<string, string>, body: Buffer) => Buffer
/** Changes a request's headers on its way in, after the consumer gateway signed it. */
export type TamperRequest = (headers: Record<string, string>) => void

export interface TamperingNode {
  close(): Promise<void>
}

/**
 * Serves `node`'s registered federation port with its certificate and relays to a real gateway
 * for the node on an inner port; the relay presents `clientTls` (a certificate of the calling
 * member) so the inner gateway accepts it, applies `tamperRequest` to each request's headers and
 * `tamper` to each response.
 */
export async function startTamperingNode(
  node: GatewayConfig,
  clientTls: { certFile: string; keyFile: string },
  tamper: Tamper,
  tamperRequest?: TamperRequest,
): Promise<TamperingNode> {
  const [consumerPort, federationPort, adminPort] = await freePorts(3)
  const publicUrl = `https://127.0.0.1:${node.listen.federationPort}`
  const inner: RunningGateway = await startGateway({
    ...node,
    federationUrl: publicUrl,
    listen: {
      ...node.listen,
      consumerPort: consumerPort!,
      federationPort: federationPort!,
      adminPort: adminPort!,
    },
    audit: { dir: `${node.audit.dir}-inner-${federationPort}` },
  })
  const [cert, key, clientCert, clientKey] = await Promise.all(
    [node.tls.certFile, node.tls.keyFile, clientTls.certFile, clientTls.keyFile].map((f) =>
      readFile(f, 'utf8'),
    ),
  )
  const agent = new Agent({
    connect: { cert: clientCert, key: clientKey, rejectUnauthorized: false },
  })
  const server: Server = createServer(
    { cert, key, requestCert: true, rejectUnauthorized: false },
    (req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => void relay())
      const relay = async (): Promise<void> => {
        const headers = Object.fromEntries(
          Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'connection') as [
            string,
            string,
          ][],
        )
        tamperRequest?.(headers)
        const answer = await request(`${inner.federationUrl}${req.url}`, {
          method: req.method as 'GET',
          headers,
          body: chunks.length ? Buffer.concat(chunks) : null,
          dispatcher: agent,
        })
        const out = Object.fromEntries(
          Object.entries(answer.headers).filter(
            ([k]) => !['connection', 'keep-alive', 'content-length'].includes(k),
          ),
        ) as Record<string, string>
        const body = tamper(out, Buffer.from(await answer.body.arrayBuffer()))
        res.writeHead(answer.statusCode, out)
        res.end(body)
      }
    },
  )
  await new Promise<void>((r) => server.listen(node.listen.federationPort, '127.0.0.1', r))
  return {
    async close() {
      server.closeAllConnections()
      await new Promise((r) => server.close(r))
      await agent.close()
      await inner.close()
    },
  }
}
