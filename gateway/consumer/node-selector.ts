// Choose a provider node: X-Road's connection racing, a cached winner, and skipping failed nodes.
import { connect, type TLSSocket } from 'node:tls'
import type { RegisteredNode } from '../directory/index.js'
import type { Clock } from '../lib/clock.js'
import type { ProviderConnections } from '../peers/index.js'

export interface NodeSelectorOptions {
  connections: Pick<ProviderConnections, 'tlsOptions'>
  now: Clock
  /** How long a race winner is preferred (X-Road: 1 h). */
  winnerTtlMs?: number
  /** Longest a failed node is skipped before it is tried again. */
  maxBackoffMs?: number
  raceTimeoutMs?: number
}

export interface NodeSelector {
  /** Nodes in the order to try them: the cached or raced winner first, failed nodes last. */
  order(memberId: string, nodes: RegisteredNode[]): Promise<RegisteredNode[]>
  /** The node refused a connection or failed the TLS check: skip it for a while. */
  failed(memberId: string, node: RegisteredNode): void
  /** A request completed on the node: it is healthy and the member's winner. */
  succeeded(memberId: string, node: RegisteredNode): void
}

interface Health {
  failures: number
  retryAt: number
}

/**
 * With several nodes, connects to all at once and prefers the first that completes a verified TLS
 * handshake (docs/design.md §3), remembering it. It gives redundancy, not load spreading: one winner
 * carries a member's traffic until it fails. The race sockets only probe; requests use the pools.
 *
 * @example const nodes = await selector.order(memberId, view.nodesOf(memberId))
 */
export function createNodeSelector(options: NodeSelectorOptions): NodeSelector {
  const winners = new Map<string, { nodeId: string; until: number }>()
  const health = new Map<string, Health>()
  const ttl = options.winnerTtlMs ?? 3_600_000
  const healthy = (n: RegisteredNode) => (health.get(n.nodeId)?.retryAt ?? 0) <= options.now()
  return {
    async order(memberId, nodes) {
      if (nodes.length <= 1) return nodes
      const up = nodes.filter(healthy)
      const down = nodes.filter((n) => !healthy(n))
      const cached = winners.get(memberId)
      let first =
        cached && cached.until > options.now()
          ? up.find((n) => n.nodeId === cached.nodeId)
          : undefined
      if (!first && up.length > 1) first = await race(options, up)
      first ??= up[0]
      if (first) winners.set(memberId, { nodeId: first.nodeId, until: options.now() + ttl })
      return [...(first ? [first] : []), ...up.filter((n) => n !== first), ...down]
    },
    failed(memberId, node) {
      const failures = (health.get(node.nodeId)?.failures ?? 0) + 1
      const backoff = Math.min(options.maxBackoffMs ?? 30_000, 500 * 2 ** failures)
      health.set(node.nodeId, { failures, retryAt: options.now() + backoff })
      if (winners.get(memberId)?.nodeId === node.nodeId) winners.delete(memberId)
    },
    succeeded(memberId, node) {
      health.delete(node.nodeId)
      const winner = winners.get(memberId)
      if (!winner || winner.nodeId !== node.nodeId) {
        winners.set(memberId, { nodeId: node.nodeId, until: options.now() + ttl })
      }
    },
  }
}

/** The first node to complete a verified handshake, or undefined if none does in time. */
function race(
  options: NodeSelectorOptions,
  nodes: RegisteredNode[],
): Promise<RegisteredNode | undefined> {
  return new Promise((resolve) => {
    const sockets: TLSSocket[] = []
    let pending = nodes.length
    let done = false
    const finish = (winner: RegisteredNode | undefined) => {
      if (done) return
      done = true
      clearTimeout(timer)
      for (const s of sockets) s.destroy()
      resolve(winner)
    }
    const timer = setTimeout(() => finish(undefined), options.raceTimeoutMs ?? 5000)
    for (const node of nodes) {
      const url = new URL(node.node.federationUrl)
      const socket = connect({
        ...options.connections.tlsOptions(node),
        host: url.hostname,
        port: Number(url.port || 443),
      })
      sockets.push(socket)
      socket.once('secureConnect', () => finish(node))
      socket.once('error', () => {
        if (--pending === 0) finish(undefined)
      })
    }
  })
}
