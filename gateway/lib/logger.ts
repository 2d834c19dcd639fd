// The gateway's structured logger: pino with secrets and bodies redacted.
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino'

/** Paths that must never reach a log line (docs/design.md §9: redact tokens, signatures and bodies). */
const REDACT = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'headers.signature',
  'token',
  'accessToken',
  'assertion',
  'body',
  'privateJwk',
]

/**
 * A pino logger: one JSON line per entry with `level` (pino's number: 30 info, 40 warn, 50 error),
 * `time` (milliseconds since the epoch), `name` and `msg`, to standard output unless `destination`
 * is given. `KOPURO_LOG_LEVEL` sets the level unless `options.level` does.
 *
 * @example createLogger({ name: 'KG/GOV/70000001/gw1' }).warn({ source }, 'directory source refused')
 */
export function createLogger(options: LoggerOptions = {}, destination?: DestinationStream): Logger {
  const settings = {
    level: process.env['KOPURO_LOG_LEVEL'] ?? 'info',
    redact: { paths: REDACT, censor: '[redacted]' },
    ...options,
  }
  return destination ? pino(settings, destination) : pino(settings)
}

export type { Logger }
