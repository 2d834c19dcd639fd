// How an error reaches a log line: its name, code and message, then its causes, on one line.

/** Causes beyond this depth are elided: a chain this long is a bug of its own. */
const MAX_CHAIN = 8

/**
 * One line for a log: `Name[code]: message`, then each `cause` the same way after ` <- `, e.g.
 * `GatewayError[server.serverproxy.logging_failed]: … <- AuditLogError[write_failed]: … <-
 * Error[EIO]: i/o error`. Only names, codes and messages are written, never other fields an
 * error may carry (a payload, a request): messages are the project's fixed text or a library's
 * (docs/design.md §9: untrusted input is never echoed into a log line). A thrown value that is
 * not an Error is named by its type only. A chain that loops back on itself ends at the repeat.
 *
 * @example logger.warn({ err: describeError(e) }, 'directory copy not usable')
 */
export function describeError(error: unknown): string {
  const parts: string[] = []
  const seen = new Set<unknown>()
  let current: unknown = error
  while (parts.length < MAX_CHAIN) {
    if (seen.has(current)) return [...parts, '(cycle)'].join(' <- ')
    seen.add(current)
    parts.push(describeOne(current))
    if (!(current instanceof Error) || current.cause === undefined) return parts.join(' <- ')
    current = current.cause
  }
  return [...parts, '…'].join(' <- ')
}

/**
 * An error's own message, for text shown to the person who ran a command: never its causes,
 * which may quote a file the user pointed at. A value that is not an Error is shown as a string.
 *
 * @example out.error(`kopuro: ${errorMessage(error)}`)
 */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function describeOne(value: unknown): string {
  if (!(value instanceof Error))
    return `non-Error value (${value === null ? 'null' : typeof value})`
  const code = (value as { code?: unknown }).code
  const head = typeof code === 'string' ? `${value.name}[${code}]` : value.name
  return value.message === '' ? head : `${head}: ${value.message}`
}
