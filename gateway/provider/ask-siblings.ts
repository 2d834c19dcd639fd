// Ask the member's other gateway nodes for their part of a data-tracker answer.
import { randomUUID } from 'node:crypto'
import type { ProviderConnections } from '../peers/index.js'
import type { DirectoryClient } from '../directory/index.js'
import { memberOf } from '../identifiers/index.js'
import { unixSeconds, type Clock } from '../lib/clock.js'
import { withDeadline } from '../lib/deadline.js'
import { declaredLength, readBody } from '../lib/read-body.js'
import { contentDigest, signRequest, type SigningKey } from '../signing/index.js'

/** Marks a request a node answers from its own log only (no further fan-out). */
export const LOCAL_SCOPE_HEADER = 'x-kopuro-usage-scope'

export interface SiblingQuery {
  /** GETs `pathAndQuery` from every other node of this member; failed nodes give undefined. */
  askAll(subsystem: string, pathAndQuery: string, userId: string | undefined): Promise<unknown[]>
}

export interface SiblingQueryOptions {
  nodeId: string
  directory: DirectoryClient
  connections: Pick<ProviderConnections, 'pool'>
  signingKey: SigningKey
  now: Clock
  timeoutMs?: number
  /** Largest answer read from a sibling, bytes; a larger one is left out (default 10 MiB). */
  maxBodyBytes?: number
}

const EMPTY = new Uint8Array(0)
const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024

/**
 * Each node of a member logs only what it served, so a citizen's usage list must be gathered from
 * all of them. The node asks its siblings over the federation channel like any peer: mutual TLS
 * with its registered certificate, a request signed with the member's key, and the sibling's own
 * checks and log. The sibling answers from its own log only (`x-kopuro-usage-scope: local`).
 * Its answer is read through the bounded reader (docs/design.md §2): one over `maxBodyBytes`, like
 * one that fails, is left out.
 *
 * @example const parts = await siblings.askAll(subsystem, '/r1/…/findUsage/v2/findUsage?…', userId)
 */
export function createSiblingQuery(options: SiblingQueryOptions): SiblingQuery {
  const member = memberOf(options.nodeId)
  return {
    async askAll(subsystem, pathAndQuery, userId) {
      const nodes = options.directory
        .current('provider')
        .nodesOf(member)
        .filter((n) => n.nodeId !== options.nodeId)
      return Promise.all(
        nodes.map(async (node) => {
          const headers: Record<string, string> = {
            'x-road-client': subsystem,
            'x-road-id': randomUUID(),
            'x-road-request-id': randomUUID(),
            [LOCAL_SCOPE_HEADER]: 'local',
            'content-digest': contentDigest(EMPTY),
          }
          if (userId) headers['x-road-userid'] = userId
          const targetUri = new URL(node.node.federationUrl).origin + pathAndQuery
          const signed = signRequest(
            {
              method: 'GET',
              targetUri,
              header: (n) => headers[n],
              coveredHeaders: [LOCAL_SCOPE_HEADER],
            },
            options.signingKey,
            {
              now: unixSeconds(options.now),
            },
          )
          try {
            // A total deadline: a sibling trickling its answer is left out, not waited for.
            return await withDeadline(options.timeoutMs ?? 5000, async (signal) => {
              const res = await options.connections.pool(node).request({
                method: 'GET',
                path: pathAndQuery,
                headers: {
                  ...headers,
                  'signature-input': signed.signatureInput,
                  signature: signed.signature,
                },
                signal,
              })
              const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
              const length = declaredLength(res.headers['content-length'])
              const bytes = await readBody(res.body, limit, length).catch((e: unknown) => {
                res.body.destroy()
                throw e
              })
              if (res.statusCode !== 200) return undefined
              return JSON.parse(new TextDecoder().decode(bytes)) as unknown
            })
          } catch {
            return undefined
          }
        }),
      )
    },
  }
}
