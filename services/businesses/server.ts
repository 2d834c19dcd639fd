// Runs the businesses register as its own process: `PORT=8104 tsx services/businesses/server.ts`.

import { closeOnSignals, isMainModule, serveApp, type RunningServer } from '../shared/index.js'
import { createBusinessesApp } from './app.js'

export const DEFAULT_BUSINESSES_PORT = 8104

export interface BusinessesServerOptions {
  port: number
  host?: string
  seed?: number
  size?: number
}

/**
 * Starts the businesses register on a real socket (keep-alive timeout 65 s).
 *
 * @example
 * const server = await startBusinessesServer({ port: 0 })
 * const res = await fetch(`${server.url}/businesses?status=active&limit=5`)
 * await server.close()
 */
export function startBusinessesServer(options: BusinessesServerOptions): Promise<RunningServer> {
  const app = createBusinessesApp({ seed: options.seed, size: options.size })
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
  const server = await startBusinessesServer({
    port: integerFromEnv('PORT') ?? DEFAULT_BUSINESSES_PORT,
    host: process.env['HOST'] || '127.0.0.1',
    seed: integerFromEnv('SEED'),
    size: integerFromEnv('POPULATION_SIZE'),
  })
  closeOnSignals(server)
  process.stdout.write(`businesses register listening on ${server.url}\n`)
}

if (isMainModule(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
}
