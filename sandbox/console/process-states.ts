// The sandbox's processes and their state: from the supervisor's control API when it answers,
// else from sandbox.json's pids (alive or not).
import type { SandboxDescription } from '../sandbox-file.js'
import { readWebJson } from '../../gateway/lib/read-body.js'

export interface ProcessStatus {
  name: string
  kind: string
  pid?: number
  /** The supervisor's `starting | ready | failed | stopped | exited`, or `running | gone`. */
  state: string
}

export interface ProcessReport {
  source: 'supervisor' | 'pids'
  processes: ProcessStatus[]
}

const CONTROL_TIMEOUT_MS = 1_500
/** The supervisor's list of a few dozen processes; a larger answer is not read. */
const MAX_CONTROL_ANSWER_BYTES = 1024 * 1024

/** @example const { source, processes } = await processStates(await ctx.sandbox()) */
export async function processStates(sandbox: SandboxDescription): Promise<ProcessReport> {
  try {
    const res = await fetch(`${sandbox.control.url}/processes`, {
      headers: { authorization: `Bearer ${sandbox.control.token}` },
      signal: AbortSignal.timeout(CONTROL_TIMEOUT_MS),
    })
    if (res.ok) {
      const body = (await readWebJson(res, MAX_CONTROL_ANSWER_BYTES)) as {
        processes: ProcessStatus[]
      }
      if (Array.isArray(body.processes)) return { source: 'supervisor', processes: body.processes }
    }
  } catch {
    // The supervisor is not reachable: fall back to what sandbox.json says.
  }
  return {
    source: 'pids',
    processes: sandbox.processes.map((p) => ({
      name: p.name,
      kind: p.kind,
      pid: p.pid,
      state: p.pid !== undefined && isAlive(p.pid) ? 'running' : 'gone',
    })),
  }
}

/** The badge a process state wears. */
export function processBadge(state: string): 'ok' | 'failed' | 'stopped' | 'pending' {
  if (state === 'ready' || state === 'running') return 'ok'
  if (state === 'stopped') return 'stopped'
  if (state === 'starting') return 'pending'
  return 'failed'
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
