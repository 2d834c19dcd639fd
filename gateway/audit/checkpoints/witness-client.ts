// Pushes the log's latest signed checkpoint to a witness, with a proof it extends the last one.
import { KopuroError } from '../../lib/errors.js'
import { readWebJson } from '../../lib/read-body.js'
import type { AuditLog } from '../log/audit-log.js'
import type { SignedCheckpoint } from './checkpoint.js'

const REQUEST_TIMEOUT_MS = 10_000
/** A witness answers with a head or a problem: a few hundred bytes; more is not read. */
const MAX_ANSWER_BYTES = 64 * 1024

export interface WitnessPushOptions {
  log: Pick<AuditLog, 'latestCheckpoint' | 'proveConsistency'>
  /** The witness's base URL (the directory authority), e.g. `https://authority.kg:8443`. */
  url: string
  /** This gateway node, `KG/GOV/70000001/gw1`: the witness keeps one head per node. */
  nodeId: string
  /** How often to push the latest checkpoint, ms. */
  intervalMs: number
  fetch?: typeof fetch
  /** Told about each failed push (network error or refusal); the next round tries again. */
  onError?: (error: unknown) => void
}

export interface WitnessPushResult {
  /** `pushed`: the witness took a new head; `current`: it already holds it; `none`: no head yet. */
  status: 'pushed' | 'current' | 'none'
  size?: number
}

export interface WitnessPush {
  /** Pushes now (after any push in flight); rejects with a WitnessPushError when refused. */
  pushNow(): Promise<WitnessPushResult>
  /** Stops the timer and waits for a push in flight. */
  stop(): Promise<void>
}

/**
 * Why a push failed when the witness named no code of its own: it refused without one
 * (`refused`), sent no head (`no_head`), or holds a longer log than this node's (`witness_ahead`).
 */
export type WitnessPushFailure = 'refused' | 'no_head' | 'witness_ahead'

/**
 * The witness refused a head, or answered something else than expected. `code` is the witness's
 * own problem code (`wrong_log_key`, `fork`, …) when it sent one, else a {@link WitnessPushFailure}.
 */
export class WitnessPushError extends KopuroError<string> {
  readonly status: number

  constructor(status: number, code: string, message: string) {
    super(code, message)
    this.name = 'WitnessPushError'
    this.status = status
  }
}

interface Held {
  size: number
  root: string
}

/**
 * Every `intervalMs`, sends the log's latest checkpoint to `POST {url}/witness/{node}` with
 * an RFC 9162 §2.1.4 consistency proof from the head the witness holds (learnt from
 * `GET {url}/witness/{node}` on the first push and after a refusal). A head the witness
 * already holds is not sent again. The timer does not keep the process alive.
 *
 * @example
 * const push = startWitnessPush({ log, url: authorityUrl, nodeId, intervalMs: 60_000 })
 * await push.stop() // on shutdown
 */
export function startWitnessPush(options: WitnessPushOptions): WitnessPush {
  if (!Number.isSafeInteger(options.intervalMs) || options.intervalMs < 1) {
    throw new TypeError('startWitnessPush: intervalMs must be a positive integer')
  }
  const client = new WitnessClient(options)
  let running: Promise<unknown> = Promise.resolve()
  let timer: NodeJS.Timeout | undefined
  let stopped = false
  const pushNow = (): Promise<WitnessPushResult> => {
    const push = running.then(() => client.push())
    running = push.catch(() => undefined)
    return push
  }
  const schedule = (): void => {
    if (stopped) return
    timer = setTimeout(() => {
      pushNow()
        .catch((error: unknown) => options.onError?.(error))
        .finally(schedule)
    }, options.intervalMs)
    timer.unref()
  }
  schedule()
  return {
    pushNow,
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
    },
  }
}

class WitnessClient {
  readonly #options: WitnessPushOptions
  readonly #endpoint: string
  readonly #fetch: typeof fetch
  /** What the witness holds: unknown (undefined) until asked, null when it holds nothing. */
  #held: Held | null | undefined

  constructor(options: WitnessPushOptions) {
    this.#options = options
    this.#endpoint = `${options.url.replace(/\/+$/, '')}/witness/${encodeURIComponent(options.nodeId)}`
    this.#fetch = options.fetch ?? fetch
  }

  async push(): Promise<WitnessPushResult> {
    const checkpoint = this.#options.log.latestCheckpoint()
    if (!checkpoint) return { status: 'none' }
    this.#held ??= await this.#fetchHeld()
    if (this.#held?.size === checkpoint.size && this.#held.root === checkpoint.root) {
      return { status: 'current', size: checkpoint.size }
    }
    let res = await this.#post(checkpoint)
    if (res.status === 400 || res.status === 409) {
      // The witness may hold another head than we thought (e.g. after a restart): ask, retry once.
      const held = await this.#fetchHeld()
      if (held?.size !== this.#held?.size || held?.root !== this.#held?.root) {
        this.#held = held
        await discard(res)
        res = await this.#post(checkpoint)
      }
    }
    if (res.status !== 200) {
      this.#held = undefined
      throw await refusal(res)
    }
    await discard(res)
    this.#held = { size: checkpoint.size, root: checkpoint.root }
    return { status: 'pushed', size: checkpoint.size }
  }

  async #post(checkpoint: SignedCheckpoint): Promise<Response> {
    const held = this.#held
    if (held && held.size > checkpoint.size) {
      const message = `the witness holds ${held.size} records, the log's latest head ${checkpoint.size}`
      throw new WitnessPushError(409, 'witness_ahead', message)
    }
    const body: Record<string, unknown> = { head: checkpoint.jws }
    if (held && held.size > 0 && held.size < checkpoint.size) {
      const { proof } = await this.#options.log.proveConsistency(held.size, checkpoint.size)
      Object.assign(body, { previous: held, consistency: proof })
    }
    return this.#fetch(this.#endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    })
  }

  async #fetchHeld(): Promise<Held | null> {
    const res = await this.#fetch(this.#endpoint, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    })
    if (res.status === 404) {
      await discard(res)
      return null
    }
    if (res.status !== 200) throw await refusal(res)
    // Oversize or not JSON is no head either (docs/design.md §2: every body read is bounded).
    const answer = await readWebJson(res, MAX_ANSWER_BYTES).catch(() => undefined)
    const { size, root } = (answer ?? {}) as Partial<Held>
    if (!Number.isSafeInteger(size) || typeof root !== 'string') {
      throw new WitnessPushError(res.status, 'no_head', 'the witness sent no head')
    }
    return { size: size!, root }
  }
}

/** A problem+json refusal's code, never its text (it is the witness's, not ours to echo). */
async function refusal(res: Response): Promise<WitnessPushError> {
  const code = await readWebJson(res, MAX_ANSWER_BYTES)
    .then((body) => (body as { code?: unknown } | null)?.code)
    .catch(() => undefined)
  const known = typeof code === 'string' ? code : 'refused'
  return new WitnessPushError(res.status, known, `the witness answered ${res.status}`)
}

/** Drops an answer's body unread, so its connection is freed at once. */
async function discard(res: Response): Promise<void> {
  await res.body?.cancel().catch(() => undefined)
}
