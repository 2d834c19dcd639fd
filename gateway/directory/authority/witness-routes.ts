// The authority as a witness of gateways' message logs: POST and GET /witness/{node}.
import type { Context, Env, Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { Clock } from '../../lib/clock.js'
import type { Logger } from '../../lib/logger.js'
import { parseNodeId } from '../../identifiers/index.js'
import { AuthorityError, problemResponse } from './authority-error.js'
import type { Authority } from './create-authority.js'
import { acceptHead, parseSubmission } from './witness-check.js'
import type { WitnessRecord, WitnessStore } from './witness-store.js'

/** A head plus a proof of at most 128 hashes fits well within this. */
export const WITNESS_BODY_LIMIT = 16 * 1024

export interface WitnessRoutesOptions {
  authority: Authority
  store: WitnessStore
  now: Clock
  logger: Pick<Logger, 'warn'>
}

/**
 * Mounts the witness: a gateway pushes its latest signed checkpoint to `POST /witness/{node}`
 * (node id percent-encoded as one segment), and anyone reads what is held with
 * `GET /witness/{node}`, e.g. to run `kopuro audit verify --head <url>`. Only approved nodes of
 * the registry are witnessed. The node's log key is pinned on first use: the registry does not
 * carry log keys yet, so the first head accepted for a node decides its key, and heads signed
 * with any other key are refused from then on (an operator resets a pin by editing
 * witness.json). Refused heads are logged: a rollback or a fork is evidence.
 *
 * @example mountWitnessRoutes(app, { authority, store: await openWitnessStore(file), now, logger })
 */
export function mountWitnessRoutes<E extends Env>(
  app: Hono<E>,
  options: WitnessRoutesOptions,
): void {
  const limit = bodyLimit({
    maxSize: WITNESS_BODY_LIMIT,
    onError: () => problemResponse(new AuthorityError('request_too_large')),
  })
  app.get('/witness/:node', (c) => {
    const held = options.store.get(nodeParam(c))
    if (!held) throw new AuthorityError('unknown_item', { detail: 'no head is held for that node' })
    return c.json(publicView(held))
  })
  app.post('/witness/:node', limit, async (c) => {
    const node = nodeParam(c)
    requireApprovedNode(options.authority, node)
    const submission = parseSubmission(await jsonBody(c))
    const receivedAt = new Date(options.now()).toISOString()
    const accepted = await options.store
      .update(node, (held) => acceptHead(node, held, submission, receivedAt))
      .catch((error: unknown) => {
        const { code, detail } = error as AuthorityError
        options.logger.warn({ node, code, detail }, 'witness refused a tree head')
        throw error
      })
    return c.json(publicView(accepted))
  })
}

function nodeParam<E extends Env>(c: Context<E>): string {
  const node = c.req.param('node') ?? ''
  if (!parseNodeId(node)) throw new AuthorityError('invalid_identifier')
  return node
}

function requireApprovedNode(authority: Authority, node: string): void {
  const known = authority.state().nodes.some((n) => n.id === node && n.status === 'approved')
  if (!known) throw new AuthorityError('unknown_item', { detail: 'no approved node has that id' })
}

async function jsonBody<E extends Env>(c: Context<E>): Promise<unknown> {
  const type = c.req.header('content-type') ?? ''
  if (!/^application\/json\s*(;|$)/i.test(type)) throw new AuthorityError('unsupported_media_type')
  try {
    return JSON.parse(await c.req.text())
  } catch (cause) {
    throw new AuthorityError('invalid_request', { detail: 'the body is not JSON', cause })
  }
}

function publicView(record: WitnessRecord) {
  const { node, logId, key, head, size, root, time, receivedAt } = record
  return { node, logId, key, head, size, root, time, receivedAt }
}
