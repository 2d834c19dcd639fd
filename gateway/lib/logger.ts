// The gateway's structured logger: pino with secrets and bodies redacted.
import { pino, type Logger, type LoggerOptions } from 'pino'

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

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino({
    level: process.env['KOPURO_LOG_LEVEL'] ?? 'info',
    redact: { paths: REDACT, censor: '[redacted]' },
    ...options,
  })
}

export type { Logger }
