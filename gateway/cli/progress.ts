// Progress bars for long command-line work: drawn on a terminal only, never in tests, CI or pipes.
import { SingleBar } from 'cli-progress'

export interface ProgressBar {
  /** Moves the bar to `value` (0 to total) and shows `step` after it. */
  update(value: number, step?: string): void
  /** Leaves the bar at its last state and ends its line. */
  stop(): void
}

export interface ProgressBarOptions {
  total: number
  /** Shown before the bar: `pki`, `measuring registry c=32`. */
  label: string
  /** What the numbers count: `items`, `s`. */
  unit: string
  /** Where the bar is drawn; standard output unless a test gives another terminal. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean }
}

/** Whether `stream` is a terminal a bar can redraw in place (not a file, a pipe or CI's log). */
export function isInteractive(stream: { isTTY?: boolean } = process.stdout): boolean {
  return stream.isTTY === true
}

/**
 * A bar drawn from now on (it redraws on a timer until `stop`) when the stream is a terminal;
 * undefined otherwise, and the caller prints its plain lines as before, so logs and tests read
 * the same with or without bars.
 *
 * @example
 * const bar = startProgressBar({ total: 12, label: 'pki', unit: 'items' })
 * bar?.update(1, 'created root CA')
 */
export function startProgressBar(options: ProgressBarOptions): ProgressBar | undefined {
  const stream = options.stream ?? process.stdout
  if (!isInteractive(stream)) return undefined
  const bar = new SingleBar({
    stream,
    format: '{label} [{bar}] {value}/{total} {unit} {step}',
    barsize: 30,
    hideCursor: true,
    // Whole numbers only: a timed bar moves by fractions of a second.
    formatValue: (value, _options, type) =>
      type === 'value' || type === 'total' ? String(Math.floor(value)) : String(value),
  })
  const payload = { label: options.label, unit: options.unit, step: '' }
  bar.start(options.total, 0, payload)
  return {
    update: (value, step) => bar.update(value, { ...payload, step: step ?? '' }),
    stop: () => bar.stop(),
  }
}

/**
 * A bar that fills with the seconds elapsed, for work of a known duration (a benchmark run);
 * undefined when the stream is not a terminal.
 *
 * @example const bar = startTimedBar({ label: 'measuring registry c=32', seconds: 12 }); …; bar?.stop()
 */
export function startTimedBar(
  options: Omit<ProgressBarOptions, 'total' | 'unit'> & { seconds: number; now?: () => number },
): { stop(): void } | undefined {
  const bar = startProgressBar({ ...options, total: options.seconds, unit: 's' })
  if (!bar) return undefined
  const now = options.now ?? (() => performance.now())
  const started = now()
  const elapsed = () => Math.min((now() - started) / 1000, options.seconds)
  const timer = setInterval(() => bar.update(elapsed()), 250)
  timer.unref()
  return {
    stop: () => {
      clearInterval(timer)
      bar.update(elapsed())
      bar.stop()
    },
  }
}
