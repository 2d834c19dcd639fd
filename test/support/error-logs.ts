// Error-level log lines a test declares it expects. Any other `error` or `fatal` line that an
// in-process logger (gateway/lib/logger.ts createLogger) writes during a test fails that test;
// the check is test/support/fail-on-error-logs.ts, run for every test file (vitest.config.ts).

/** One `error` or `fatal` line, as the logger was called with it. */
export interface ErrorLogLine {
  level: 'error' | 'fatal'
  /** The logger's `name` binding (`KG/GOV/70000001/gw1`, `audit-log`, …). */
  logger: string | undefined
  msg: string
  /** The merged object of the call (`{ err, correlationId }`), if any. */
  fields: Record<string, unknown> | undefined
}

interface Declared {
  pattern: string | RegExp
  /** Fields the line must carry with these values (`{ code: 'server.clientproxy.timeout' }`). */
  fields: Record<string, unknown>
  /** An expected line must come; an allowed one may. */
  required: boolean
  seen: boolean
}

const lines: ErrorLogLine[] = []
let declared: Declared[] = []

/** Called by the hooked logger for every error or fatal line. */
export function recordErrorLog(line: ErrorLogLine): void {
  lines.push(line)
}

/**
 * Declares that the running test makes a logger write an error line whose message matches
 * `pattern` (a string matches the whole message) and that carries `fields` with those values:
 * the test fails if no such line comes, and such lines do not fail it.
 *
 * @example expectErrorLog('exchange failed', { code: 'server.clientproxy.timeout' })
 */
export function expectErrorLog(
  pattern: string | RegExp,
  fields: Record<string, unknown> = {},
): void {
  declared.push({ pattern, fields, required: true, seen: false })
}

/**
 * Declares that the running test may make a logger write error lines like these, for a line the
 * test provokes but whose coming it does not decide (a race, a retry).
 */
export function allowErrorLog(
  pattern: string | RegExp,
  fields: Record<string, unknown> = {},
): void {
  declared.push({ pattern, fields, required: false, seen: false })
}

function matches(d: Declared, line: ErrorLogLine): boolean {
  const msg = typeof d.pattern === 'string' ? line.msg === d.pattern : d.pattern.test(line.msg)
  return msg && Object.entries(d.fields).every(([k, v]) => line.fields?.[k] === v)
}

function describeDeclared(d: Declared): string {
  const fields = Object.keys(d.fields).length === 0 ? '' : ` with ${JSON.stringify(d.fields)}`
  return `${typeof d.pattern === 'string' ? `"${d.pattern}"` : String(d.pattern)}${fields}`
}

/**
 * The problems with the lines written since the last call, against what was declared since then,
 * and a fresh start for the next test: each unexpected line, each expected line that never came.
 */
export function takeErrorLogProblems(): string[] {
  const problems: string[] = []
  for (const line of lines.splice(0)) {
    const by = declared.filter((d) => matches(d, line))
    for (const d of by) d.seen = true
    if (by.length === 0) problems.push(`unexpected ${describeLine(line)}`)
  }
  for (const d of declared) {
    if (d.required && !d.seen)
      problems.push(`expected an error log line ${describeDeclared(d)}, none came`)
  }
  declared = []
  return problems
}

function describeLine(line: ErrorLogLine): string {
  const fields = line.fields === undefined ? '' : ` ${JSON.stringify(line.fields).slice(0, 500)}`
  return `${line.level} log line from ${line.logger ?? 'a logger'}: "${line.msg}"${fields}`
}
