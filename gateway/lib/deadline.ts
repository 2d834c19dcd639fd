// A total deadline for one outbound exchange: connect, headers and the whole body together.
import { KopuroError } from './kopuro-error.js'

/** Raised when an exchange ran past its deadline; callers map it to their side's timeout code. */
export class DeadlineError extends KopuroError<'deadline_exceeded'> {
  constructor(readonly ms: number) {
    super('deadline_exceeded', `no complete answer within ${ms} ms`)
    this.name = 'DeadlineError'
  }
}

/**
 * Runs `exchange` with a signal that aborts after `ms`, and turns whatever the abort causes into
 * a `DeadlineError`. undici's `headersTimeout` and `bodyTimeout` only bound the gap between two
 * chunks, so a peer trickling one byte at a time would hold the request forever without this.
 * The timer is cleared as soon as the exchange settles (no timer left per finished request).
 *
 * @example const body = await withDeadline(30_000, (signal) => fetchWhole(url, signal))
 */
export async function withDeadline<T>(
  ms: number,
  exchange: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(new DeadlineError(ms)), ms)
  try {
    return await exchange(controller.signal)
  } catch (e) {
    throw controller.signal.aborted ? new DeadlineError(ms) : e
  } finally {
    clearTimeout(timer)
  }
}
