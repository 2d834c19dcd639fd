// Errors a command raises to end with a given exit code, and the one mapping from error to code.
import { CommanderError } from 'commander'
import { errorMessage } from '../lib/describe-error.js'
import { KopuroError } from '../lib/errors.js'
import { EXIT, type ExitCode } from './exit-codes.js'

/** The user's own input is wrong or unreadable (exit 2); the message says which flag or file. */
export class CliUsageError extends KopuroError<'usage'> {
  constructor(message: string, options?: ErrorOptions) {
    super('usage', message, options)
    this.name = 'CliUsageError'
  }
}

/** No answer at all from a server (exit 3): refused connection, unknown host, timeout. */
export class UnreachableError extends KopuroError<'unreachable'> {
  constructor(message: string, options?: ErrorOptions) {
    super('unreachable', message, options)
    this.name = 'UnreachableError'
  }
}

/** `fetch` rejects with `TypeError('fetch failed')` when no HTTP answer came back (undici). */
export function isNetworkFailure(error: unknown): boolean {
  return error instanceof TypeError && error.message === 'fetch failed'
}

/** Why the network failed, from undici's cause: `ECONNREFUSED`, `ENOTFOUND`, … */
export function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause
  if (typeof cause?.code === 'string') return cause.code
  return typeof cause?.message === 'string' ? cause.message : 'no answer'
}

/**
 * The exit code for an error that ended a command. Commander has already printed its own usage
 * errors; help and version (its exit code 0) stay 0.
 */
export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE
  if (error instanceof CliUsageError) return EXIT.USAGE
  if (error instanceof UnreachableError || isNetworkFailure(error)) return EXIT.UNREACHABLE
  return EXIT.FAILED
}

/**
 * Runs one command's work: an error it throws is printed as one line (`name: message`) and
 * becomes its exit code, so every command fails the same way.
 *
 * @example process.exitCode = await reportErrors('audit query', out, () => query(options))
 */
export async function reportErrors(
  name: string,
  out: { error(s: string): void },
  work: () => Promise<number>,
): Promise<number> {
  try {
    return await work()
  } catch (error) {
    out.error(`${name}: ${errorMessage(error)}`)
    return exitCodeFor(error)
  }
}
