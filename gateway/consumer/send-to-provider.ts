// Sign a federation request for one provider node and send it, failing over only before any byte is sent.
import type { IncomingHttpHeaders } from 'node:http'
import { errors as undiciErrors } from 'undici'
import type { RegisteredNode } from '../directory/index.js'
import { unixSeconds } from '../lib/clock.js'
import { DeadlineError, withDeadline } from '../lib/deadline.js'
import { GatewayError } from '../lib/errors.js'
import { BodyTooLargeError, readBody } from '../lib/read-body.js'
import { signRequest, type SignedMessage } from '../signing/index.js'
import type { ConsumerContext } from './consumer-context.js'

export interface FederationRequest {
  method: string
  /** `/r1/…[?query]` exactly as the information system sent it: what the provider receives. */
  pathAndQuery: string
  /** Lower-case headers, Content-Digest and the X-Road headers already set. */
  headers: Record<string, string>
  /** Headers covered after the signature's fixed list: all the others it forwards. */
  signedHeaders: readonly string[]
  body: Uint8Array
}

export interface SentRequest {
  node: RegisteredNode
  signed: SignedMessage
}

export interface ProviderReply {
  status: number
  headers: IncomingHttpHeaders
  body: Uint8Array
}

/** TLS failures: the node is not who the directory says; try another, report it if none works. */
const TLS_ERROR = /CERT|SSL|TLS|SIGNATURE|ISSUER|ERR_KOPURO_PEER/

/**
 * An alert the provider sent in the handshake (OpenSSL's `ERR_SSL_…_ALERT_…`): the provider
 * refused this gateway's certificate, as it must one not from a current federation CA. Its HTTP
 * layer saw nothing, so another node may be tried; to this side it is a node that cannot be
 * reached, not a provider whose own certificate failed (docs/errors.md).
 */
const PEER_ALERT = /^ERR_SSL_(SSLV3|TLSV1|TLSV13)_ALERT_/

/**
 * Tries the nodes in order. A node that refuses the connection or fails the TLS check is skipped,
 * since no request bytes reached it; once a request is sent it is never replayed elsewhere
 * (docs/design.md §3). `onSigned` sees each signed attempt (for the message log).
 */
export async function sendToProvider(
  ctx: ConsumerContext,
  providerMember: string,
  candidates: RegisteredNode[],
  request: FederationRequest,
  onSigned: (sent: SentRequest) => void,
): Promise<ProviderReply> {
  let failure: GatewayError | undefined
  const nodes = await ctx.selector.order(providerMember, candidates)
  for (const node of nodes) {
    const signed = signFor(ctx, node, request)
    onSigned({ node, signed })
    const headers = {
      ...request.headers,
      'signature-input': signed.signatureInput,
      signature: signed.signature,
    }
    try {
      const reply = await sendOnce(ctx, node, request, headers)
      ctx.selector.succeeded(providerMember, node)
      return reply
    } catch (e) {
      if (!isConnectFailure(e)) throw replyError(e)
      ctx.selector.failed(providerMember, node)
      failure = connectError(e, failure)
    }
  }
  throw failure ?? new GatewayError('server.clientproxy.network_error')
}

function signFor(
  ctx: ConsumerContext,
  node: RegisteredNode,
  request: FederationRequest,
): SignedMessage {
  const targetUri = new URL(node.node.federationUrl).origin + request.pathAndQuery
  return signRequest(
    {
      method: request.method,
      targetUri,
      header: (name) => request.headers[name],
      coveredHeaders: request.signedHeaders,
    },
    ctx.signingKey,
    { now: unixSeconds(ctx.now) },
  )
}

async function sendOnce(
  ctx: ConsumerContext,
  node: RegisteredNode,
  request: FederationRequest,
  headers: Record<string, string>,
): Promise<ProviderReply> {
  // The provider timeout is a total: connect, headers and the whole body (docs/protocol.md §2.6).
  return withDeadline(ctx.connections.timeoutMs, async (signal) => {
    const res = await ctx.connections.pool(node).request({
      method: request.method as 'GET',
      path: request.pathAndQuery,
      headers,
      body: request.body.byteLength === 0 ? null : request.body,
      signal,
    })
    try {
      const body = await readBody(res.body, ctx.maxBodyBytes)
      return { status: res.statusCode, headers: res.headers, body }
    } catch (e) {
      res.body.destroy()
      throw e
    }
  })
}

function isConnectFailure(e: unknown): boolean {
  if (e instanceof undiciErrors.ConnectTimeoutError) return true
  const code = (e as { code?: string }).code ?? ''
  return (
    code === 'ECONNREFUSED' ||
    code === 'EHOSTUNREACH' ||
    code === 'ENOTFOUND' ||
    TLS_ERROR.test(code) ||
    TLS_ERROR.test(String((e as Error).message))
  )
}

function connectError(e: unknown, previous: GatewayError | undefined): GatewayError {
  const code = (e as { code?: string }).code ?? ''
  const tls =
    !PEER_ALERT.test(code) && (TLS_ERROR.test(code) || TLS_ERROR.test(String((e as Error).message)))
  if (tls) return new GatewayError('server.clientproxy.ssl_authentication_failed', { cause: e })
  return previous?.code === 'server.clientproxy.ssl_authentication_failed'
    ? previous
    : new GatewayError('server.clientproxy.network_error', { cause: e })
}

function replyError(e: unknown): GatewayError {
  if (e instanceof GatewayError) return e
  if (e instanceof BodyTooLargeError) {
    return new GatewayError('server.clientproxy.response_too_large', { cause: e })
  }
  if (
    e instanceof DeadlineError ||
    e instanceof undiciErrors.HeadersTimeoutError ||
    e instanceof undiciErrors.BodyTimeoutError
  ) {
    return new GatewayError('server.clientproxy.timeout', { cause: e })
  }
  return new GatewayError('server.clientproxy.network_error', { cause: e })
}
