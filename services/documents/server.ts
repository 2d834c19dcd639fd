// Runs the civil documents register as its own process: `PORT=8105 tsx services/documents/server.ts`.

import { closeOnSignals, isMainModule, serveApp, type RunningServer } from '../shared/index.js'
import { createDocumentsApp } from './app.js'

export const DEFAULT_DOCUMENTS_PORT = 8105

export interface DocumentsServerOptions {
  port: number
  host?: string
  seed?: number
  size?: number
}

/**
 * Starts the civil documents register on a real socket (keep-alive timeout 65 s).
 *
 * @example
 * const server = await startDocumentsServer({ port: 0 })
 * const res = await fetch(`${server.url}/certificates?pin=22905199138381`)
 * await server.close()
 */
export function startDocumentsServer(options: DocumentsServerOptions): Promise<RunningServer> {
  const app = createDocumentsApp({ seed: options.seed, size: options.size })
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
  const server = await startDocumentsServer({
    port: integerFromEnv('PORT') ?? DEFAULT_DOCUMENTS_PORT,
    host: process.env['HOST'] || '127.0.0.1',
    seed: integerFromEnv('SEED'),
    size: integerFromEnv('POPULATION_SIZE'),
  })
  closeOnSignals(server)
  process.stdout.write(`civil documents register listening on ${server.url}\n`)
}

if (isMainModule(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
}
