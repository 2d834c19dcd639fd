// Run a registry as its own process: options from the environment, stop on SIGINT/SIGTERM.
import { closeOnSignals, type RunningServer } from './serve.js'

export interface RegistryProcessOptions {
  port: number
  host: string
  seed?: number
  size?: number
}

/**
 * The `main` of every registry's `server.ts`: reads `PORT` (else `defaultPort`), `HOST`, `SEED`
 * and `POPULATION_SIZE`, starts the server, prints where it listens, and stops cleanly on a signal.
 * A malformed variable stops start-up with exit code 1.
 *
 * @example if (isMainModule(import.meta.url)) runRegistry('fines register', 8103, startFinesServer)
 */
export function runRegistry(
  name: string,
  defaultPort: number,
  start: (options: RegistryProcessOptions) => Promise<RunningServer>,
): void {
  const main = async () => {
    const server = await start({
      port: integerFromEnv('PORT') ?? defaultPort,
      host: process.env['HOST'] || '127.0.0.1',
      seed: integerFromEnv('SEED'),
      size: integerFromEnv('POPULATION_SIZE'),
    })
    closeOnSignals(server)
    process.stdout.write(`${name} listening on ${server.url}\n`)
  }
  main().catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
}

/** Reads an optional integer environment variable; a malformed value stops start-up. */
function integerFromEnv(name: string): number | undefined {
  const text = process.env[name]
  if (text === undefined || text === '') return undefined
  if (!/^[0-9]+$/.test(text)) throw new TypeError(`${name} must be a non-negative integer`)
  return Number(text)
}
