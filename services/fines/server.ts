// Runs the fines register as its own process: `PORT=8103 tsx services/fines/server.ts`.

import { closeOnSignals, isMainModule, serveApp, type RunningServer } from '../shared/index.js'
import { createFinesApp } from './app.js'

export interface FinesServerOptions {
  port: number
  host?: string
  seed?: number
  size?: number
}

/**
 * Starts the fines register on a real socket (keep-alive timeout 65 s).
 *
 * @example
 * const server = await startFinesServer({ port: 0 })
 * const res = await fetch(`${server.url}/fines?pin=${DEMO_PIN}`)
 * await server.close()
 */
export function startFinesServer(options: FinesServerOptions): Promise<RunningServer> {
  const app = createFinesApp({ seed: options.seed, size: options.size })
  return serveApp(app, { port: options.port, host: options.host ?? '127.0.0.1' })
}

/** Reads an optional integer environment variable; a malformed value stops start-up. */
function integerFromEnv(name: string): number | undefined {
  const text = process.env[name]
  if (text === undefined || text === '') return undefined
  if (!/^[0-9]+$/.test(text)) throw new TypeError(`${name} must be a non-negative integer`)
  return Number(text)
}

async function main(): Promise<void> {
  const server = await startFinesServer({
    port: integerFromEnv('PORT') ?? 8103,
    host: process.env['HOST'] || '127.0.0.1',
    seed: integerFromEnv('SEED'),
    size: integerFromEnv('POPULATION_SIZE'),
  })
  closeOnSignals(server)
  process.stdout.write(`fines register listening on ${server.url}\n`)
}

if (isMainModule(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
}
