// head.json upkeep: the last committed record, rewritten at most once per interval.
import { performance } from 'node:perf_hooks'
import { writeHead } from './log-files.js'
import type { LogHead } from './log-format.js'

/**
 * Keeps head.json at the last committed record without delaying commits: one write in flight,
 * and at most one per `intervalMs` (each costs a second fsync), plus a final one on close. A cut
 * tail is therefore caught up to the last head written; signed checkpoints cover the rest.
 */
export class HeadWriter {
  #wanted: LogHead | undefined
  #written: LogHead | undefined
  #running: Promise<void> = Promise.resolve()
  #active = false
  #timer: NodeJS.Timeout | undefined
  #lastWriteAt = 0
  readonly #dir: string
  readonly #intervalMs: number
  readonly #onError: (cause: unknown) => void

  constructor(dir: string, intervalMs: number, onError: (cause: unknown) => void) {
    this.#dir = dir
    this.#intervalMs = intervalMs
    this.#onError = onError
  }

  update(head: LogHead): void {
    this.#wanted = head
    if (this.#active || this.#timer) return
    const wait = this.#lastWriteAt + this.#intervalMs - performance.now()
    if (wait <= 0) return this.#start()
    this.#timer = setTimeout(() => this.#start(), wait)
    this.#timer.unref()
  }

  /** Writes any pending head now and resolves when nothing is left to write. */
  idle(): Promise<void> {
    if (this.#timer) this.#start()
    return this.#running
  }

  #start(): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
    if (this.#active) return
    this.#active = true
    this.#running = this.#run()
  }

  async #run(): Promise<void> {
    try {
      while (this.#wanted && this.#wanted !== this.#written) {
        const head = this.#wanted
        this.#lastWriteAt = performance.now()
        await writeHead(this.#dir, head)
        this.#written = head
      }
    } catch (cause) {
      this.#onError(cause)
    } finally {
      this.#active = false
    }
  }
}
