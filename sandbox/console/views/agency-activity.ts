// What an agency's logs say: each service's state per node (from admin records) and its callers.
import type { AuditRecord } from '../../../gateway/audit/index.js'

/** One service of the agency as each node holds it. */
export interface ServiceState {
  id: string
  title?: string
  /** Per node: published there, and the notice when disabled. */
  nodes: { node: string; published: boolean; disabledNotice?: string }[]
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

/**
 * The services as configured at start, changed by each node's admin records in log order:
 * `publish` adds a service, `disable` sets its notice, `enable` clears it.
 */
export function serviceStates(
  configured: { id: string; title?: string }[],
  logs: { node: string; records: AuditRecord[] }[],
): ServiceState[] {
  const states = new Map<string, ServiceState>()
  for (const s of configured) {
    states.set(s.id, { ...s, nodes: logs.map(({ node }) => ({ node, published: true })) })
  }
  for (const [i, { records }] of logs.entries()) {
    for (const r of records) {
      if (r.side !== 'admin' || !r.action) continue
      const state = states.get(r.service) ?? unpublished(r.service, logs)
      states.set(r.service, state)
      const held = state.nodes[i]!
      if (r.action.kind === 'publish') held.published = true
      if (r.action.kind === 'disable') held.disabledNotice = noticeOf(r.action.detail)
      if (r.action.kind === 'enable') delete held.disabledNotice
    }
  }
  return [...states.values()].filter((s) => s.nodes.some((n) => n.published))
}

function unpublished(id: string, logs: { node: string }[]): ServiceState {
  return { id, nodes: logs.map(({ node }) => ({ node, published: false })) }
}

function noticeOf(detail: Record<string, unknown>): string {
  return typeof detail['notice'] === 'string' ? detail['notice'] : '(no notice)'
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
