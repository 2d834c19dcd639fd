// The authority as a witness of gateways' message logs: POST and GET /witness/{node}.
import type { Context, Env, Hono } from 'hono'
import type { Clock } from '../../../lib/clock.js'
import type { Logger } from '../../../lib/logger.js'
import { memberOf, parseNodeId } from '../../../identifiers/index.js'
import { AuthorityError } from '../authority-error.js'
import type { Authority } from '../registry/create-authority.js'
import { readJsonBody } from '../api/read-json-body.js'
import { acceptHead, parseSubmission } from './witness-check.js'
import type { PublicLogJwk } from '../registry/registry-state.js'
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
 * approved members are witnessed, and only under the log key the registry holds (and the
 * directory publishes) for the node: a node without one is refused (`log_key_not_registered`),
 * a head under any other key too (`wrong_log_key`), so no one can claim a node's log before
 * the node does. Rotating the key is `rotate-log-key`. Refused heads are logged: a rollback, a
 * fork or a foreign key is evidence.
 *
 * @example mountWitnessRoutes(app, { authority, store: await openWitnessStore(file), now, logger })
 */
export function mountWitnessRoutes<E extends Env>(
  app: Hono<E>,
  options: WitnessRoutesOptions,
): void {
  app.get('/witness/:node', (c) => {
    const held = options.store.get(nodeParam(c))
    if (!held) throw new AuthorityError('unknown_item', { detail: 'no head is held for that node' })
    return c.json(publicView(held))
  })
  app.post('/witness/:node', async (c) => {
    const node = nodeParam(c)
    const logKey = registeredLogKey(options.authority, node)
    const submission = parseSubmission(await readJsonBody(c, WITNESS_BODY_LIMIT))
    const receivedAt = new Date(options.now()).toISOString()
    const accepted = await options.store
      .update(node, (held) => acceptHead(node, logKey, held, submission, receivedAt))
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

/** The node's log key, as the directory publishes it: an approved node of an approved member. */
function registeredLogKey(authority: Authority, node: string): PublicLogJwk {
  const state = authority.state()
  const record = state.nodes.find((n) => n.id === node && n.status === 'approved')
  const member = state.members.find((m) => m.id === memberOf(node) && m.status === 'approved')
  if (!record || !member) {
    throw new AuthorityError('unknown_item', { detail: 'no approved node has that id' })
  }
  if (!record.logKey) {
    const detail = "register the node's log key with the authority (rotate-log-key) first"
    throw new AuthorityError('log_key_not_registered', { detail })
  }
  return record.logKey
}

function publicView(record: WitnessRecord) {
  const { node, logId, key, head, size, root, time, receivedAt } = record
  return { node, logId, key, head, size, root, time, receivedAt }
}
