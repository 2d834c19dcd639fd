// Admin actions applied to every gateway node of a member: each node holds its own policy.
import type { SandboxGateway } from '../../sandbox-file.js'
import type { ConsoleContext } from '../context.js'
import { nodeName, refusalOf } from './view-format.js'

/** What one node answered to one action. */
export interface NodeOutcome {
  node: string
  ok: boolean
  /** The gateway's refusal (`X-Road-Error` code and message), or why it could not be asked. */
  detail?: string
}

/**
 * POSTs `body` to `path` on every node at once with the member's admin token.
 *
 * @example await onEveryNode(ctx, nodes, '/admin/grants', { subject, service })
 */
export async function onEveryNode(
  ctx: ConsoleContext,
  nodes: SandboxGateway[],
  path: string,
  body: unknown,
): Promise<NodeOutcome[]> {
  return Promise.all(
    nodes.map(async (gateway) => {
      try {
        const res = await ctx.admin(gateway, 'admin', path, { method: 'POST', body })
        if (res.status >= 200 && res.status < 300) return { node: gateway.node, ok: true }
        return { node: gateway.node, ok: false, detail: refusalOf(res) }
      } catch (e) {
        return { node: gateway.node, ok: false, detail: `unreachable (${(e as Error).message})` }
      }
    }),
  )
}

/** One line for the page: done on every node, or which nodes refused and why. */
export function outcomeNotice(
  done: string,
  outcomes: NodeOutcome[],
): { kind: 'ok' | 'error'; text: string } {
  const ok = outcomes.filter((o) => o.ok).map((o) => nodeName(o.node))
  if (ok.length === outcomes.length) {
    const where = ok.length === 1 ? `node ${ok[0]}` : `every node (${ok.join(', ')})`
    return { kind: 'ok', text: `${done} on ${where}.` }
  }
  const refused = new Map<string | undefined, string[]>()
  for (const o of outcomes.filter((o) => !o.ok)) {
    refused.set(o.detail, [...(refused.get(o.detail) ?? []), nodeName(o.node)])
  }
  const reasons = [...refused].map(([detail, nodes]) => `${nodes.join(', ')} refused: ${detail}`)
  const partly = ok.length > 0 ? ` Done on ${ok.join(', ')} only.` : ''
  return { kind: 'error', text: `${reasons.join('; ')}.${partly}` }
}
