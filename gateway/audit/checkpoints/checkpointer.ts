// Signs a checkpoint every N durable records or T milliseconds, off the append path.
import { CheckpointFile } from './checkpoint-file.js'
import type { LogSigner, SignedCheckpoint } from './checkpoint.js'

export const DEFAULT_CHECKPOINT_EVERY = 1000
export const DEFAULT_CHECKPOINT_INTERVAL_MS = 10_000

/** What the checkpointer reads from the tree: both only ever cover durable records. */
export interface TreeHead {
  readonly size: number
  root(): Buffer
}

export interface CheckpointerOptions {
  dir: string
  signer: LogSigner
  tree: TreeHead
  every: number
  intervalMs: number
  now: () => Date
  node?: string
  /** The last checkpoint on file, if any. */
  latest: SignedCheckpoint | undefined
  onError: (cause: unknown) => void
}

/**
 * One checkpoint in flight at a time. `update()` runs after each group commit: once `every`
 * records are uncovered it signs at once, otherwise a timer signs after `intervalMs`. The size
 * and root are read together from the tree, which holds only durable records, so a checkpoint
 * never covers a record that could still be lost. close() signs the tail, if uncovered.
 */
export class Checkpointer {
  #latest: SignedCheckpoint | undefined
  #file: CheckpointFile | undefined
  #running: Promise<void> = Promise.resolve()
  #active = false
  #timer: NodeJS.Timeout | undefined
  #closed = false
  #failed = false
  readonly #options: CheckpointerOptions

  constructor(options: CheckpointerOptions) {
    this.#options = options
    this.#latest = options.latest
  }

  latest(): SignedCheckpoint | undefined {
    return this.#latest
  }

  update(): void {
    const uncovered = this.#options.tree.size - (this.#latest?.size ?? 0)
    if (uncovered <= 0 || this.#closed || this.#failed) return
    if (uncovered >= this.#options.every) return this.#start()
    if (this.#timer || this.#active) return
    this.#timer = setTimeout(() => this.#start(), this.#options.intervalMs)
    this.#timer.unref()
  }

  /** Signs the uncovered tail (unless `final` is false), then closes the file. */
  async close(final = true): Promise<void> {
    this.#closed = true
    clearTimeout(this.#timer)
    this.#timer = undefined
    await this.#running
    if (final && !this.#failed && this.#options.tree.size > (this.#latest?.size ?? 0)) {
      await this.#write().catch(this.#options.onError)
    }
    await this.#file?.close()
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
      await this.#write()
    } catch (cause) {
      // The log fails with it (onError): no more checkpoints, no retry loop.
      this.#failed = true
      this.#options.onError(cause)
    } finally {
      this.#active = false
    }
    // Records committed while signing start the next round (at once or on the timer).
    this.update()
  }

  async #write(): Promise<void> {
    const { tree, signer, now, node, dir } = this.#options
    const size = tree.size
    const root = tree.root().toString('base64')
    const checkpoint = await signer.sign({ size, root, time: now().toISOString(), node })
    this.#file ??= await CheckpointFile.open(dir)
    await this.#file.append(checkpoint)
    this.#latest = checkpoint
  }
}
