// Send hand-made signed requests straight to a provider gateway, as a (possibly hostile) peer would.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Agent, request } from 'undici'
import { resolvePkiPath } from '#certs/index.js'
import { contentDigest, importSigningKey, signRequest } from '#gateway/signing/index.js'
import type { TestFederation } from './test-federation.js'

export interface PeerRequest {
  method?: string
  /** `/r1/…` */
  path: string
  client: string
  headers?: Record<string, string>
  /** Headers covered after the signature's fixed list (lower case), as a consumer gateway signs. */
  coveredHeaders?: string[]
  body?: string
  /** Seconds to shift the signature's `created` by (negative: in the past). */
  createdOffset?: number
  /** Change the message after signing (tamper tests). */
  tamper?: (m: { headers: Record<string, string>; body: string }) => void
  /**
   * Send to this origin instead: another node of the provider behind its one federation URL (as
   * behind a load balancer). The signature still names the provider's federation URL.
   */
  to?: string
}

export interface PeerResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** A peer gateway holding a node's TLS certificate and its member's signing key. */
export async function createPeer(fed: TestFederation, nodeId: string) {
  const node = fed.node(nodeId)
  const [cert, key, jwk, ca] = await Promise.all([
    readFile(node.config.tls.certFile, 'utf8'),
    readFile(node.config.tls.keyFile, 'utf8'),
    readFile(node.config.signingKeyFile, 'utf8'),
    readFile(resolvePkiPath(join(fed.dir, 'pki'), fed.prepared.manifest.ca.certFile), 'utf8'),
  ])
  const signingKey = importSigningKey(JSON.parse(jwk))
  const agent = new Agent({ connect: { cert, key, ca, checkServerIdentity: () => undefined } })
  const origin = fed.provider.federationUrl
  return {
    async send(req: PeerRequest): Promise<PeerResponse> {
      const body = req.body ?? ''
      const headers: Record<string, string> = {
        'x-road-client': req.client,
        'x-road-id': crypto.randomUUID(),
        'x-road-request-id': crypto.randomUUID(),
        ...req.headers,
        'content-digest': contentDigest(new TextEncoder().encode(body)),
      }
      const method = req.method ?? 'GET'
      const signed = signRequest(
        {
          method,
          targetUri: origin + req.path,
          header: (n) => headers[n],
          coveredHeaders: req.coveredHeaders,
        },
        signingKey,
        {
          now: Math.floor(Date.now() / 1000) + (req.createdOffset ?? 0),
        },
      )
      headers['signature-input'] = signed.signatureInput
      headers['signature'] = signed.signature
      const message = { headers, body }
      req.tamper?.(message)
      const res = await request((req.to ?? origin) + req.path, {
        method: method as 'GET',
        headers: message.headers,
        body: message.body === '' ? null : message.body,
        dispatcher: agent,
      })
      return { status: res.statusCode, headers: res.headers, body: await res.body.text() }
    },
    close: () => agent.close(),
  }
}
