// What the benchmark loads: each target's URL, request headers and the processes serving it.
import { readFile } from 'node:fs/promises'
import { requestAccessToken } from '../../gateway/tokens/index.js'
import { SURNAMES } from '../../services/shared/index.js'
import { CLIENT_MEMBER, CLIENT_SUBSYSTEM } from './bench-plan.js'
import type { ManagedProcess } from './processes.js'
import { TARGET_LABELS, type TargetName } from './report.js'
import type { Topology } from './topology.js'
import { readWebJson, readWebText } from '../../gateway/lib/read-body.js'

const PERSONS_PATH = '/r1/KG/GOV/70000001/population/persons'

export interface Target {
  name: TargetName
  url: string
  /** Fresh headers for one load run (a new access token each time, tokens live 300 s). */
  headers: () => Promise<Record<string, string>>
  /** The processes whose CPU time the target's requests cost. */
  watched: ManagedProcess[]
}

/** A person or a one-item page: far below this; a larger answer is not read. */
const MAX_ANSWER_BYTES = 1024 * 1024

/**
 * A PIN the registry holds: the first search result. The register refuses a search without a
 * name filter (no enumeration), so a plain `?limit=1` is tried first and a common surname next.
 */
export async function pickPin(registryPort: number): Promise<string> {
  for (const query of ['limit=1', `lastName=${SURNAMES[0]}&limit=1`]) {
    const res = await fetch(`http://127.0.0.1:${registryPort}/persons?${query}`)
    const page = (await readWebJson(res, MAX_ANSWER_BYTES)) as { items?: { pin: string }[] }
    const pin = page.items?.[0]?.pin
    if (res.ok && pin) return pin
  }
  throw new Error('the registry found no person to ask for')
}

/** The information system's headers: a real access token from the consumer gateway. */
async function kopuroHeaders(topology: Topology): Promise<Record<string, string>> {
  const client = topology.federation.clients.find((c) => c.subsystem === CLIENT_SUBSYSTEM)
  if (!client) throw new Error(`the federation has no client ${CLIENT_SUBSYSTEM}`)
  const privateJwk = JSON.parse(await readFile(client.privateKeyFile, 'utf8'))
  const { access_token } = await requestAccessToken({
    subsystem: client.subsystem,
    privateJwk,
    tokenEndpoint: client.tokenEndpoint,
  })
  return { authorization: `Bearer ${access_token}`, 'x-road-client': CLIENT_SUBSYSTEM }
}

/** The information system's request: the consumer gateway's consumer port, the persons path. */
function kopuroUrl(topology: Topology, pin: string): string {
  const consumer = topology.federation.nodes.find((n) => n.memberId === CLIENT_MEMBER)
  if (!consumer) throw new TypeError(`the federation has no node for ${CLIENT_MEMBER}`)
  return `http://127.0.0.1:${consumer.config.listen.consumerPort}${PERSONS_PATH}/${pin}`
}

export function defineTargets(topology: Topology, pin: string): Target[] {
  const { ports, registry, bare, gateways } = topology
  return [
    {
      name: 'registry',
      url: `http://127.0.0.1:${ports.registry}/persons/${pin}`,
      headers: async () => ({}),
      watched: [registry],
    },
    {
      // The same headers as (c), so both carry the same bytes through two hops.
      name: 'bare',
      url: `http://127.0.0.1:${ports.hop1}/persons/${pin}`,
      headers: () => kopuroHeaders(topology),
      watched: [...bare, registry],
    },
    {
      name: 'kopuro',
      url: kopuroUrl(topology, pin),
      headers: () => kopuroHeaders(topology),
      watched: [...gateways, registry],
    },
  ]
}

/**
 * (d): the same request as (c), served by the gateways restarted on a Redis store (same ports), and
 * by the private redis-server when the benchmark started one.
 *
 * @example defineRedisTarget(topology, pin, redisGateways, redis.server)
 */
export function defineRedisTarget(
  topology: Topology,
  pin: string,
  gateways: ManagedProcess[],
  redisServer: ManagedProcess | undefined,
): Target {
  return {
    name: 'kopuro-redis',
    url: kopuroUrl(topology, pin),
    headers: () => kopuroHeaders(topology),
    watched: [...gateways, topology.registry, ...(redisServer ? [redisServer] : [])],
  }
}

/** One request through the target must return the person, or nothing is measured. */
export async function preflight(target: Target, pin: string): Promise<void> {
  const res = await fetch(target.url, { headers: await target.headers() })
  const text = await readWebText(res, MAX_ANSWER_BYTES)
  const body = res.ok ? (JSON.parse(text) as { pin?: string }) : {}
  if (res.status !== 200 || body.pin !== pin) {
    throw new Error(
      `${TARGET_LABELS[target.name]} preflight: HTTP ${res.status}: ${text.slice(0, 500)}`,
    )
  }
}
