// The load generator's own process: autocannon against one URL, figures printed as JSON lines.
//
//   node --import tsx sandbox/bench/load-worker.ts '<LoadSpec as JSON>'
//
// It prints `{"event":"measuring"}` when the warm-up is over and `{"event":"result",…}` at the end,
// so the parent can sample the servers' CPU time over exactly the measured window.
import { createRequire } from 'node:module'

export interface LoadSpec {
  url: string
  headers: Record<string, string>
  connections: number
  durationSeconds: number
  warmupSeconds: number
}

export interface LoadFigures {
  requestsPerSecond: { mean: number; stddev: number }
  /** Responses counted in the measured window, all status codes. */
  responses: number
  ok: number
  non2xx: number
  errors: number
  timeouts: number
  /** From each 2xx response's own hrtime duration (autocannon's histogram rounds to whole ms). */
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number }
  /** CPU the load generator itself spent in the measured window, ms. */
  generatorCpuMs: number
}

interface AutocannonResult {
  requests: { mean: number; stddev: number }
  errors: number
  timeouts: number
  non2xx: number
  '2xx': number
}

interface AutocannonInstance extends Promise<AutocannonResult> {
  on(
    event: 'response',
    listener: (client: unknown, status: number, bytes: number, ms: number) => void,
  ): void
}

type Autocannon = (options: Record<string, unknown>) => AutocannonInstance

// autocannon ships CommonJS without type declarations.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon

/** One autocannon run; the latencies of 2xx responses are kept at full hrtime resolution. */
function measure(spec: LoadSpec, seconds: number, latencies: number[]): AutocannonInstance {
  const instance = autocannon({
    url: spec.url,
    headers: spec.headers,
    connections: spec.connections,
    pipelining: 1,
    duration: seconds,
    timeout: 10,
  })
  instance.on('response', (_client, status, _bytes, ms) => {
    if (status >= 200 && status < 300) latencies.push(ms)
  })
  return instance
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

function latencyFigures(latencies: number[]): LoadFigures['latencyMs'] {
  const sorted = Float64Array.from(latencies).sort()
  const sum = latencies.reduce((a, b) => a + b, 0)
  return {
    mean: sum / Math.max(1, sorted.length),
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.length > 0 ? sorted[sorted.length - 1]! : Number.NaN,
  }
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '') as LoadSpec
  if (spec.warmupSeconds > 0) await measure(spec, spec.warmupSeconds, [])
  process.stdout.write(`${JSON.stringify({ event: 'measuring' })}\n`)
  const cpuBefore = process.cpuUsage()
  const latencies: number[] = []
  const result = await measure(spec, spec.durationSeconds, latencies)
  const cpu = process.cpuUsage(cpuBefore)
  const figures: LoadFigures = {
    requestsPerSecond: { mean: result.requests.mean, stddev: result.requests.stddev },
    responses: result['2xx'] + result.non2xx,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    latencyMs: latencyFigures(latencies),
    generatorCpuMs: (cpu.user + cpu.system) / 1000,
  }
  process.stdout.write(`${JSON.stringify({ event: 'result', figures })}\n`)
}

await main()
