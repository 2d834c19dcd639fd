// The sandbox federation cut down to one exchange for a benchmark: two members, free ports.
import type { FederationPlan, PlanMember } from '../federation-plan.js'
import { sandboxPlan } from '../sandbox-plan.js'
import { freePorts } from './free-ports.js'

export const PERSONS_SERVICE = 'KG/GOV/70000001/population/persons'
export const PROVIDER_MEMBER = 'KG/GOV/70000001'
export const CLIENT_MEMBER = 'KG/COM/10000001'
export const CLIENT_SUBSYSTEM = 'KG/COM/10000001/kyc-app'

export interface BenchPorts {
  registry: number
  hop1: number
  hop2: number
  /** Consumer, federation and admin port of the consumer node, then of the provider node. */
  nodes: number[]
}

export async function allocateBenchPorts(): Promise<BenchPorts> {
  const [registry, hop1, hop2, ...nodes] = await freePorts(9)
  return { registry: registry!, hop1: hop1!, hop2: hop2!, nodes }
}

/**
 * The sandbox plan's population agency and bank, as the sandbox defines them (subsystems, the
 * persons service with its contract settings, the bank's grants on it), with one node each on
 * free ports and the persons service pointing at the benchmark's registry. Other members are
 * left out, so the consumer has exactly one provider node to send to.
 *
 * @example const plan = benchPlan(await allocateBenchPorts())
 */
export function benchPlan(ports: BenchPorts): FederationPlan {
  const plan = sandboxPlan()
  const member = (id: string) => {
    const found = plan.members.find((m) => m.id === id)
    if (!found) throw new TypeError(`the sandbox plan has no member ${id}`)
    return found
  }
  const client = withOneNode(member(CLIENT_MEMBER), ports.nodes.slice(0, 3))
  const provider = withOneNode(member(PROVIDER_MEMBER), ports.nodes.slice(3, 6))
  const persons = provider.services.find((s) => s.id === PERSONS_SERVICE)
  if (!persons) throw new TypeError(`the sandbox plan does not publish ${PERSONS_SERVICE}`)
  const grants = provider.grants.filter(
    (g) => g.service === PERSONS_SERVICE && g.subject === CLIENT_SUBSYSTEM,
  )
  if (grants.length === 0) throw new TypeError(`the sandbox plan grants no ${CLIENT_SUBSYSTEM}`)
  return {
    ...plan,
    members: [
      {
        ...provider,
        // A budget the load generator cannot exhaust: the benchmark measures the exchange, not 429s.
        services: [
          {
            ...persons,
            url: `http://127.0.0.1:${ports.registry}/persons`,
            rateLimit: { requests: 1_000_000_000, windowSeconds: 60 },
          },
        ],
        grants,
      },
      client,
    ],
  }
}

function withOneNode(member: PlanMember, [consumerPort, federationPort, adminPort]: number[]) {
  const [first] = member.nodes
  if (!first || !consumerPort || !federationPort || !adminPort) {
    throw new TypeError(`no node or ports for ${member.id}`)
  }
  return { ...member, nodes: [{ ...first, consumerPort, federationPort, adminPort }] }
}
