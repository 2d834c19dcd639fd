// Each gateway node's readiness as its admin listener reports it (`GET /ready`), polled in parallel.
import type { SandboxGateway } from '../sandbox-file.js'
import { readWebJson } from '../../gateway/lib/read-body.js'

export type NodeState = 'ready' | 'not_ready' | 'unreachable'

export interface NodeHealth {
  gateway: SandboxGateway
  state: NodeState
  /** The directory copy the node holds. */
  directory?: { serial?: number; valid?: boolean; expiresAt?: string }
  storeReachable?: boolean
  logWritable?: boolean
  /** The node's message-log sequence number (records written). */
  seq?: number
  /** Why the node is not ready or could not be asked. */
  reason?: string
}

interface ReadyAnswer {
  status?: string
  directory?: { serial?: number; valid?: boolean; expiresAt?: string }
  store?: { reachable?: boolean }
  log?: { writable?: boolean; seq?: number }
}

export const READY_TIMEOUT_MS = 1_500
/** `/ready` answers a few fields; more is not read, and the node counts as not ready. */
const MAX_READY_BYTES = 64 * 1024

/** One node: 200 `ready`, 503 `not_ready` (with what failed), or no answer in time. */
export async function probeNode(
  gateway: SandboxGateway,
  timeoutMs = READY_TIMEOUT_MS,
): Promise<NodeHealth> {
  let res: Response
  try {
    res = await fetch(`${gateway.adminUrl}/ready`, { signal: AbortSignal.timeout(timeoutMs) })
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } }
    const reason = e.name === 'TimeoutError' ? 'no answer in time' : (e.cause?.code ?? e.message)
    return { gateway, state: 'unreachable', reason }
  }
  const body = ((await readWebJson(res, MAX_READY_BYTES).catch(() => ({}))) ?? {}) as ReadyAnswer
  const health: NodeHealth = {
    gateway,
    state: res.status === 200 && body.status === 'ready' ? 'ready' : 'not_ready',
    directory: body.directory,
    storeReachable: body.store?.reachable,
    logWritable: body.log?.writable,
    seq: body.log?.seq,
  }
  if (health.state === 'not_ready') health.reason = notReadyReason(res.status, body)
  return health
}

/** Every node at once: the slowest bounds the page, never the sum. */
export function probeNodes(gateways: SandboxGateway[], timeoutMs = READY_TIMEOUT_MS) {
  return Promise.all(gateways.map((g) => probeNode(g, timeoutMs)))
}

function notReadyReason(status: number, body: ReadyAnswer): string {
  const reasons: string[] = []
  if (body.directory?.valid === false) reasons.push('directory not valid')
  if (body.store?.reachable === false) reasons.push('store unreachable')
  if (body.log?.writable === false) reasons.push('log not writable')
  return reasons.length > 0 ? reasons.join(', ') : `answered ${status}`
}
