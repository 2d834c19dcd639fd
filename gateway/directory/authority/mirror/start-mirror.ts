// Runs a directory mirror: a first fetch, an HTTP listener, then a poll every pollMs.
import { createLogger } from '../../../lib/logger.js'
import {
  createMirror,
  DEFAULT_MIRROR_POLL_MS,
  type Mirror,
  type MirrorOptions,
  type MirrorPollResult,
} from './create-mirror.js'
import { listenApp } from '../listen-app.js'
import { startTicker } from '../ticker.js'

export interface StartMirrorOptions extends MirrorOptions {
  port: number
  host?: string
}

export interface RunningMirror {
  mirror: Mirror
  url: string
  /** The outcome of the first fetch, made before listening. */
  first: MirrorPollResult
  /** Settles with the outcome of the next poll that starts after the call. */
  nextPoll(): Promise<MirrorPollResult>
  close(): Promise<void>
}

/**
 * Starts a mirror. It listens even if no source answered yet (then `/directory` is a 503 until
 * a poll succeeds), so a mirror can come up before the authority.
 *
 * @example
 * const running = await startMirror({ from: [`${authorityUrl}/directory`], anchor, port: 8081 })
 */
export async function startMirror(options: StartMirrorOptions): Promise<RunningMirror> {
  const pollMs = options.pollMs ?? DEFAULT_MIRROR_POLL_MS
  const mirror = await createMirror(options)
  const logger = createLogger({ name: 'directory-mirror' })
  const report = (result: MirrorPollResult) => {
    if (result.outcome === 'failed') logger.warn({ failures: result.failures }, 'no source usable')
    if (result.outcome === 'updated') logger.info({ serial: result.serial }, 'directory updated')
    return result
  }
  const first = report(await mirror.poll())
  const listening = await listenApp(mirror.app.fetch, { port: options.port, host: options.host })
  const ticker = startTicker(
    async () => report(await mirror.poll()),
    pollMs,
    () => undefined,
  )
  // Holding nothing yet (the authority still starting): ask again soon, doubling up to pollMs.
  let retry: NodeJS.Timeout | undefined
  let closed = false
  const retryWhileEmpty = (delayMs: number) => {
    if (closed || mirror.current() !== undefined || delayMs >= pollMs) return
    retry = setTimeout(() => {
      void mirror
        .poll()
        .then(report, () => undefined)
        .then(() => retryWhileEmpty(delayMs * 2))
    }, delayMs)
  }
  retryWhileEmpty(250)
  let closing: Promise<void> | undefined
  const close = async () => {
    closed = true
    clearTimeout(retry)
    await ticker.stop()
    await listening.close()
  }
  return {
    mirror,
    url: listening.url,
    first,
    nextPoll: () => ticker.next(),
    close: () => (closing ??= close()),
  }
}
