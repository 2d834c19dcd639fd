// The lines a long-running command (gateway, directory serve, directory mirror) prints when it is
// up and when it stops: pino JSON like every other line of the process (docs/operations.md §2).
import { createLogger, type Logger } from '../lib/logger.js'

/**
 * A logger whose lines go to `out.log`, one JSON line each. Its level is `info` whatever
 * `KOPURO_LOG_LEVEL` says: the ready line carries the listeners' addresses (an admin port may be
 * chosen at start) and the stopped line says the process ended cleanly, so neither is optional.
 *
 * @example createLifecycleLog(out, config.nodeId).info({ admin }, 'gateway ready')
 */
export function createLifecycleLog(out: { log(s: string): void }, name: string): Logger {
  return createLogger(
    { name, level: 'info' },
    { write: (line: string) => out.log(line.endsWith('\n') ? line.slice(0, -1) : line) },
  )
}

/** Resolves with the first SIGINT or SIGTERM the process receives. */
export function signalled(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve(signal)
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
}

/** The signal a `stopped` promise resolved with, for the stop line (a test's own promise has none). */
export function signalOf(reason: unknown): { signal?: string } {
  return typeof reason === 'string' ? { signal: reason } : {}
}
