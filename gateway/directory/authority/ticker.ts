// Runs a task periodically, one run at a time, and lets callers await the next run.

export interface Ticker<T> {
  /** Settles with the outcome of the next run that starts after this call. */
  next(): Promise<T>
  /** Cancels future runs and waits for the current one; pending next() calls reject. */
  stop(): Promise<void>
}

interface Waiter<T> {
  resolve: (value: T) => void
  reject: (error: unknown) => void
}

/**
 * Calls `task` every `intervalMs`, measured from the end of one run to the start of the next,
 * so runs never overlap. A failed run is passed to `onError` and the ticker goes on.
 *
 * @example const ticker = startTicker(() => authority.publish(), 900_000, (e) => log.error(e))
 */
export function startTicker<T>(
  task: () => Promise<T>,
  intervalMs: number,
  onError: (error: unknown) => void,
): Ticker<T> {
  if (!Number.isFinite(intervalMs) || intervalMs < 1) {
    throw new TypeError('startTicker: intervalMs must be a positive number')
  }
  let waiting: Waiter<T>[] = []
  let stopped = false
  let running: Promise<void> = Promise.resolve()
  let timer: NodeJS.Timeout | undefined
  const run = async () => {
    const waiters = waiting
    waiting = []
    try {
      const value = await task()
      for (const w of waiters) w.resolve(value)
    } catch (error) {
      onError(error)
      for (const w of waiters) w.reject(error)
    }
    if (!stopped) schedule()
  }
  const schedule = () => {
    timer = setTimeout(() => {
      running = run()
    }, intervalMs)
    timer.unref()
  }
  schedule()
  return {
    next: () =>
      new Promise<T>((resolve, reject) => {
        if (stopped) reject(new Error('the ticker is stopped'))
        else waiting.push({ resolve, reject })
      }),
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
      for (const w of waiting.splice(0)) w.reject(new Error('the ticker is stopped'))
    },
  }
}
