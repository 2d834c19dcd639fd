// Runs the vehicles register as its own process: `PORT=8102 tsx services/vehicles/server.ts`.

import { closeOnSignals, isMainModule, serveApp, type RunningServer } from '../shared/index.js'
import { createVehiclesApp } from './app.js'

export interface VehiclesServerOptions {
  port: number
  host?: string
  seed?: number
  size?: number
}

/**
 * Starts the vehicles register on a real socket (keep-alive timeout 65 s).
 *
 * @example
 * const server = await startVehiclesServer({ port: 0 })
 * const res = await fetch(`${server.url}/vehicles?ownerPin=${DEMO_PIN}`)
 * await server.close()
 */
export function startVehiclesServer(options: VehiclesServerOptions): Promise<RunningServer> {
  const app = createVehiclesApp({ seed: options.seed, size: options.size })
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
  const server = await startVehiclesServer({
    port: integerFromEnv('PORT') ?? 8102,
    host: process.env['HOST'] || '127.0.0.1',
    seed: integerFromEnv('SEED'),
    size: integerFromEnv('POPULATION_SIZE'),
  })
  closeOnSignals(server)
  process.stdout.write(`vehicles register listening on ${server.url}\n`)
}

if (isMainModule(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
}
