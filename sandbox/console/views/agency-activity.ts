// What an agency's nodes say: each service's state per node, and who calls (from the logs).
import type { AuditRecord } from '../../../gateway/audit/index.js'

/** One service of the agency as each node holds it. */
export interface ServiceState {
  id: string
  title?: string
  /** Per node: published there, and the notice when disabled (`unknown`: the node did not say). */
  nodes: { node: string; published: boolean; disabledNotice?: string; unknown?: boolean }[]
}

/** One client of the agency's services, summed over every node. */
export interface CallerSummary {
  client: string
  calls: number
  lastCall: string
  services: string[]
  /** Calls per status, e.g. `{ 200: 5, 403: 1 }`. */
  statuses: Record<number, number>
}

/** One node's answer to `GET /admin/services` (absent: the node could not be asked). */
export interface NodeServices {
  node: string
  services?: { id: string; title: string | null; disabled: boolean; notice: string | null }[]
}

/**
 * Each service as every node publishes it right now, run-time publications and notices included
 * (each node holds its own). The directory's services come first; a node that could not be asked
 * shows as not known, never as enabled.
 */
export function serviceStates(
  configured: { id: string; title?: string }[],
  nodes: NodeServices[],
): ServiceState[] {
  const ids = [
    ...configured.map((s) => s.id),
    ...nodes.flatMap((n) => (n.services ?? []).map((s) => s.id)),
  ]
  return [...new Set(ids)].map((id) => {
    const title =
      configured.find((s) => s.id === id)?.title ??
      nodes.flatMap((n) => n.services ?? []).find((s) => s.id === id && s.title)?.title ??
      undefined
    return {
      id,
      ...(title ? { title } : {}),
      nodes: nodes.map((n) => {
        if (!n.services) return { node: n.node, published: false, unknown: true }
        const held = n.services.find((s) => s.id === id)
        if (!held) return { node: n.node, published: false }
        return {
          node: n.node,
          published: true,
          ...(held.disabled ? { disabledNotice: held.notice ?? '(no notice)' } : {}),
        }
      }),
    }
  })
}

/** The provider-side exchanges of the agency's services, grouped per client, busiest first. */
export function callersOf(records: AuditRecord[], agency: string): CallerSummary[] {
  const byClient = new Map<string, CallerSummary>()
  for (const r of records) {
    if (r.side !== 'provider' || !r.service.startsWith(`${agency}/`)) continue
    const summary = byClient.get(r.client) ?? {
      client: r.client,
      calls: 0,
      lastCall: r.time,
      services: [],
      statuses: {},
    }
    summary.calls++
    if (r.time > summary.lastCall) summary.lastCall = r.time
    if (!summary.services.includes(r.service)) summary.services.push(r.service)
    summary.statuses[r.status] = (summary.statuses[r.status] ?? 0) + 1
    byClient.set(r.client, summary)
  }
  return [...byClient.values()].sort(
    (a, b) => b.calls - a.calls || a.client.localeCompare(b.client),
  )
}
