// Drive one load run from a separate process and price it in CPU per request for each server.
import type { LoadFigures, LoadSpec } from './load-worker.js'
import { machineBusyMs, processCpuMs } from './process-cpu.js'
import type { ManagedProcess, ProcessGroup } from './processes.js'

export type { LoadFigures, LoadSpec } from './load-worker.js'

export interface LoadResult extends LoadFigures {
  /** CPU per 2xx response for each watched process and the load generator, µs. */
  cpuPerRequestUs: Record<string, number | null>
  /**
   * Cores kept busy during the measured window by processes outside the benchmark (other jobs on
   * the machine); figures are disturbed when this is well above zero.
   */
  backgroundCores: number | null
  /** `performance.now()` when the measured window began (after the warm-up). */
  measuredFrom: number
}

/** Extra time the worker gets beyond warm-up and measurement (start-up, tear-down). */
const WORKER_SLACK_MS = 30_000

/**
 * Runs autocannon in its own process (so it never shares an event loop with a server under
 * test) and samples the watched processes' CPU time over the measured window only.
 *
 * @example const result = await runLoad(group, { url, headers: {}, connections: 32, durationSeconds: 10, warmupSeconds: 2 }, [registry])
 */
export async function runLoad(
  group: ProcessGroup,
  spec: LoadSpec,
  watched: ManagedProcess[],
): Promise<LoadResult> {
  const worker = group.spawn({
    name: `load c=${spec.connections}`,
    module: 'sandbox/bench/load-worker.ts',
    args: [JSON.stringify(spec)],
    transient: true,
  })
  const budget = (spec.warmupSeconds + spec.durationSeconds) * 1000 + WORKER_SLACK_MS
  await worker.waitForLine(/"event":"measuring"/, budget)
  const before = sampleCpu(watched)
  const line = await worker.waitForLine(/"event":"result"/, budget)
  const after = sampleCpu(watched)
  await worker.exited
  const { figures } = JSON.parse(line) as { figures: LoadFigures }
  const cpuPerRequestUs: Record<string, number | null> = {}
  for (const p of watched) {
    cpuPerRequestUs[p.name] = perRequest(
      before.processes[p.name],
      after.processes[p.name],
      figures.ok,
    )
  }
  cpuPerRequestUs['load generator'] = perRequest(0, figures.generatorCpuMs, figures.ok)
  const backgroundCores = background(before, after, figures.generatorCpuMs)
  return { ...figures, cpuPerRequestUs, backgroundCores, measuredFrom: before.atMs }
}

interface CpuSample {
  atMs: number
  machineMs: number | undefined
  processes: Record<string, number | undefined>
}

function sampleCpu(watched: ManagedProcess[]): CpuSample {
  return {
    atMs: performance.now(),
    machineMs: machineBusyMs(),
    processes: Object.fromEntries(watched.map((p) => [p.name, processCpuMs(p.pid)])),
  }
}

/** Machine busy time minus the benchmark's own processes, over the window, in cores. */
function background(before: CpuSample, after: CpuSample, generatorMs: number): number | null {
  if (before.machineMs === undefined || after.machineMs === undefined) return null
  let ours = generatorMs
  for (const [name, start] of Object.entries(before.processes)) {
    const end = after.processes[name]
    if (start === undefined || end === undefined) return null
    ours += end - start
  }
  const windowMs = after.atMs - before.atMs
  return Math.max(0, after.machineMs - before.machineMs - ours) / windowMs
}

function perRequest(
  beforeMs: number | undefined,
  afterMs: number | undefined,
  requests: number,
): number | null {
  if (beforeMs === undefined || afterMs === undefined || requests === 0) return null
  return ((afterMs - beforeMs) * 1000) / requests
}

/** A run whose figures may be reported: every response 2xx, no socket errors or timeouts. */
export function assertClean(label: string, result: LoadResult): void {
  const problems = [
    result.ok === 0 ? 'no 2xx responses' : '',
    result.non2xx > 0 ? `${result.non2xx} non-2xx responses` : '',
    result.errors > 0 ? `${result.errors} errors` : '',
    result.timeouts > 0 ? `${result.timeouts} timeouts` : '',
  ].filter(Boolean)
  if (problems.length > 0) throw new Error(`${label}: ${problems.join(', ')}; figures discarded`)
}
