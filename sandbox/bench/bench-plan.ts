// The sandbox federation re-addressed for a benchmark: every listener on a free port.
import type { FederationPlan, PlanMember } from '../federation-plan.js'
import { sandboxPlan } from '../sandbox-plan.js'
import { freePorts } from './free-ports.js'

export const PERSONS_SERVICE = 'KG/GOV/70000001/population/persons'
export const CLIENT_SUBSYSTEM = 'KG/COM/10000001/kyc-app'

export interface BenchPorts {
  registry: number
  hop1: number
  hop2: number
  /** Three ports (consumer, federation, admin) per gateway node, in plan order. */
  nodes: number[]
}

export async function allocateBenchPorts(): Promise<BenchPorts> {
  const ports = await freePorts(9)
  return {
    registry: ports[0]!,
    hop1: ports[1]!,
    hop2: ports[2]!,
    nodes: ports.slice(3),
  }
}

/**
 * The sandbox plan (same members, services and grants) with free ports and the persons service
 * pointing at the benchmark's registry process.
 *
 * @example const plan = benchPlan(await allocateBenchPorts())
 */
export function benchPlan(ports: BenchPorts): FederationPlan {
  const plan = sandboxPlan()
  let next = 0
  const take = () => {
    const port = ports.nodes[next++]
    if (port === undefined) throw new TypeError('not enough ports for the plan')
    return port
  }
  const members: PlanMember[] = plan.members.map((member) => ({
    ...member,
    nodes: member.nodes.map((node) => ({
      ...node,
      consumerPort: take(),
      federationPort: take(),
      adminPort: take(),
    })),
    services: member.services.map((service) =>
      service.id === PERSONS_SERVICE
        ? { ...service, url: `http://127.0.0.1:${ports.registry}/persons` }
        : service,
    ),
  }))
  return { ...plan, members }
}
