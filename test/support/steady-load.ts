// Steady traffic for failure tests: workers calling in a loop, every outcome timed and kept.
import { rawRequest } from './http-raw.js'

export interface Outcome {
  startedAt: number
  endedAt: number
  /** 0 when the connection itself failed. */
  status: number
  code?: string
}

/** One timed GET; a connection failure is an outcome too (status 0), never a throw. */
export async function timedCall(
  baseUrl: string,
  path: string,
  headers: Record<string, string>,
): Promise<Outcome> {
  const startedAt = performance.now()
  const res = await rawRequest(baseUrl, path, { headers }).catch(() => ({
    status: 0,
    headers: {} as Record<string, string>,
    body: '',
  }))
  const code = res.headers['x-road-error']
  return {
    startedAt,
    endedAt: performance.now(),
    status: res.status,
    code: typeof code === 'string' ? code : undefined,
  }
}

/** `workers` loops of `call` until `stop()`, which resolves with every outcome. */
export function steadyLoad(workers: number, call: () => Promise<Outcome>) {
  const outcomes: Outcome[] = []
  let running = true
  const loops = Array.from({ length: workers }, async () => {
    while (running) outcomes.push(await call())
  })
  return { outcomes, stop: async () => ((running = false), await Promise.all(loops), outcomes) }
}
