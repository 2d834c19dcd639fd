// What the agency view reads: the agency's nodes, their services and grants, and who calls.
import type { SandboxGateway, SandboxMember } from '../../sandbox-file.js'
import type { ConsoleContext } from '../context.js'
import {
  callersOf,
  serviceStates,
  type CallerSummary,
  type NodeServices,
  type ServiceState,
} from './agency-activity.js'
import type { GrantBody } from './agency-forms.js'
import { scanRecords } from './record-pages.js'
import { nodeName, refusalOf } from './view-format.js'

/** An agency (a member publishing services) and every gateway node it runs. */
export interface Agency {
  member: SandboxMember
  nodes: SandboxGateway[]
}

/** A grant and the nodes that hold it. */
export interface HeldGrant {
  grant: GrantBody
  nodes: string[]
}

export interface AgencyData {
  services: ServiceState[]
  grants: HeldGrant[]
  callers: CallerSummary[]
  /** False when a log was longer than one scan reads. */
  complete: boolean
  clients: string[]
  members: SandboxMember[]
  /** Nodes that could not be read, and why. */
  problems: string[]
}

export async function agencyOf(
  ctx: ConsoleContext,
  memberId: string,
): Promise<Agency | { reason: string }> {
  const member = (await ctx.sandbox()).members.find((m) => m.id === memberId)
  if (!member || member.services.length === 0) {
    return { reason: 'No such agency in this sandbox: choose one below.' }
  }
  const nodes = await ctx.gatewaysOf(member.id)
  if (nodes.length === 0) return { reason: 'This agency runs no gateway node.' }
  return { member, nodes }
}

/** `KG/GOV/70000001/population`: the subsystems the agency publishes services of. */
export function subsystemsOf(member: SandboxMember): string[] {
  return [...new Set(member.services.map((s) => s.id.split('/').slice(0, 4).join('/')))]
}

/** Grants and logs of every node at once; what a node refused is a problem, not a failure. */
export async function loadAgency(ctx: ConsoleContext, agency: Agency): Promise<AgencyData> {
  const sandbox = await ctx.sandbox()
  const [grants, services, logs] = await Promise.all([
    grantsOf(ctx, agency.nodes),
    servicesOf(ctx, agency.nodes),
    Promise.all(agency.nodes.map((n) => scanRecords(ctx, n, new URLSearchParams()))),
  ])
  const problems = [...grants.problems, ...services.problems]
  const read = logs.map((log, i) => {
    const node = agency.nodes[i]!.node
    if (!('refused' in log)) return { node, records: log.records }
    problems.push(`${nodeName(node)}: the log could not be read: ${log.refused}.`)
    return { node, records: [] }
  })
  const all = read.flatMap((l) => l.records)
  return {
    services: serviceStates(agency.member.services, services.nodes),
    grants: grants.held,
    callers: callersOf(all, agency.member.id),
    complete: logs.every((l) => 'complete' in l && l.complete),
    clients: sandbox.clients.map((c) => c.id),
    members: sandbox.members,
    problems,
  }
}

/** What every node publishes right now, each asked on its admin listener. */
async function servicesOf(
  ctx: ConsoleContext,
  nodes: SandboxGateway[],
): Promise<{ nodes: NodeServices[]; problems: string[] }> {
  const problems: string[] = []
  const answers = await Promise.all(
    nodes.map(async (node): Promise<NodeServices> => {
      const res = await ctx.admin(node, 'admin', '/admin/services').catch((e: Error) => e)
      if (res instanceof Error || res.status !== 200) {
        const why = res instanceof Error ? `unreachable (${res.message})` : refusalOf(res)
        problems.push(`${nodeName(node.node)}: its services could not be read: ${why}.`)
        return { node: node.node }
      }
      return { node: node.node, services: (res.body as Required<NodeServices>).services }
    }),
  )
  return { nodes: answers, problems }
}

/** Every node's grants, merged: each grant once, with the nodes holding it. */
export async function grantsOf(
  ctx: ConsoleContext,
  nodes: SandboxGateway[],
): Promise<{ held: HeldGrant[]; problems: string[] }> {
  const held: HeldGrant[] = []
  const problems: string[] = []
  for (const node of nodes) {
    const res = await ctx.admin(node, 'admin', '/admin/grants').catch((e: Error) => e)
    if (res instanceof Error || res.status !== 200) {
      const why = res instanceof Error ? `unreachable (${res.message})` : refusalOf(res)
      problems.push(`${nodeName(node.node)}: the grants could not be read: ${why}.`)
      continue
    }
    for (const grant of (res.body as { grants: GrantBody[] }).grants) {
      const same = held.find((h) => sameGrant(h.grant, grant))
      if (same) same.nodes.push(node.node)
      else held.push({ grant, nodes: [node.node] })
    }
  }
  return { held, problems }
}

/** Grants compare as the gateway compares them: methods in upper case, endpoints in order. */
export function sameGrant(a: GrantBody, b: GrantBody): boolean {
  const key = (g: GrantBody) =>
    JSON.stringify([
      g.subject,
      g.service,
      g.endpoints?.map((e) => [e.method.toUpperCase(), e.path]),
    ])
  return key(a) === key(b)
}
