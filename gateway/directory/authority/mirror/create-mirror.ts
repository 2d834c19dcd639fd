// A directory mirror: fetches the signed document, verifies it, and re-serves the exact bytes.
import { Hono } from 'hono'
import type { Clock } from '../../../lib/clock.js'
import { readTextIfExists, replaceFile } from '../../../lib/durable-file.js'
import { PRIVATE_FILE_MODE } from '../../../lib/private-files.js'
import type { DirectoryAnchor } from '../../directory-document.js'
import { verifyDirectory } from '../../verify-directory.js'
import { AuthorityError, problemResponse } from '../authority-error.js'
import { pollSource, type PollSourceOptions, type SourceFailure } from './poll-source.js'
import { MAX_DIRECTORY_BYTES } from '../../fetch-directory.js'
import { directoryEtag, directoryResponse, type ServedDirectory } from '../serve-directory.js'

export const DEFAULT_MIRROR_POLL_MS = 60_000
export const DEFAULT_MIRROR_MAX_BYTES = MAX_DIRECTORY_BYTES

export interface MirrorOptions {
  /** Document URLs to fetch from (`http://authority:8080/directory`), in order of preference. */
  from: string[]
  /** The federation's trust anchor: only documents it verifies are served. */
  anchor: DirectoryAnchor
  /** Poll interval for startMirror. Default 60 s, as X-Road's configuration clients. */
  pollMs?: number
  /** Keep the last good copy here, and start from it after a restart. */
  cacheFile?: string
  fetch?: typeof fetch
  timeoutMs?: number
  maxBytes?: number
  now?: Clock
}

export type MirrorPollResult =
  | { outcome: 'updated' | 'unchanged'; source: string; serial: number }
  | { outcome: 'failed'; serial?: number; failures: { source: string; reason: SourceFailure }[] }

export interface Mirror {
  app: Hono
  /** Tries the sources in order until one gives a verified document; never throws. */
  poll(): Promise<MirrorPollResult>
  /** The document served, if any was verified yet. */
  current(): ServedDirectory | undefined
}

/**
 * Creates a mirror. It serves only documents the anchor verifies, never a lower serial than it
 * holds, and always the exact bytes it received: it cannot alter a document undetected, since
 * any change breaks the authority's signature (docs/design.md §3: any party may mirror).
 *
 * @example
 * const mirror = await createMirror({ from: ['http://127.0.0.1:8080/directory'], anchor })
 * await mirror.poll()
 */
export async function createMirror(options: MirrorOptions): Promise<Mirror> {
  const sources = checkSources(options.from)
  const config = {
    anchor: options.anchor,
    fetch: options.fetch ?? fetch,
    timeoutMs: options.timeoutMs ?? 10_000,
    maxBytes: options.maxBytes ?? DEFAULT_MIRROR_MAX_BYTES,
  }
  const now = options.now ?? Date.now
  let held = await loadCache(options)
  let lastSuccessAt: string | undefined
  const pollOnce = async (): Promise<MirrorPollResult> => {
    const { result, served } = await pollSources(sources, held, config)
    if (served) held = await keep(served, options.cacheFile)
    if (result.outcome !== 'failed') lastSuccessAt = new Date(now()).toISOString()
    return result
  }
  // Polls run one after another, so a slow poll can never replace a newer copy with its own.
  let queue: Promise<unknown> = Promise.resolve()
  const poll = () => {
    const run = queue.then(pollOnce)
    queue = run.catch(() => undefined)
    return run
  }
  const app = mirrorApp(
    () => held,
    () => ({ lastSuccessAt, now: now() }),
  )
  return { app, poll, current: () => held }
}

/** The first source that gives a verified document at least as new as `held` wins. */
async function pollSources(
  sources: string[],
  held: ServedDirectory | undefined,
  config: PollSourceOptions,
): Promise<{ result: MirrorPollResult; served?: ServedDirectory }> {
  const failures: { source: string; reason: SourceFailure }[] = []
  for (const source of sources) {
    const fetched = await pollSource(source, held, config)
    if (fetched.outcome === 'failed') {
      failures.push({ source, reason: fetched.reason })
    } else if (fetched.outcome === 'updated') {
      const result = { outcome: 'updated', source, serial: fetched.served.serial } as const
      return { result, served: fetched.served }
    } else {
      return { result: { outcome: 'unchanged', source, serial: held!.serial } }
    }
  }
  return { result: { outcome: 'failed', ...(held && { serial: held.serial }), failures } }
}

function checkSources(from: string[]): string[] {
  if (!Array.isArray(from) || from.length === 0) {
    throw new TypeError('createMirror: from must list at least one source URL')
  }
  for (const source of from) {
    const protocol = URL.canParse(source) ? new URL(source).protocol : ''
    if (protocol !== 'http:' && protocol !== 'https:') {
      throw new TypeError('createMirror: sources must be http(s) URLs')
    }
  }
  return [...from]
}

async function loadCache(options: MirrorOptions): Promise<ServedDirectory | undefined> {
  const jws = options.cacheFile && (await readTextIfExists(options.cacheFile))
  if (!jws) return undefined
  // A cached copy is trusted no more than a fetched one: it is served only if it verifies.
  const document = await verifyDirectory(jws, options.anchor).catch(() => undefined)
  if (!document) return undefined
  return { jws, etag: directoryEtag(jws), serial: document.serial, expiresAt: document.expiresAt }
}

/** The cache only speeds up a restart: failing to write it does not stop the mirror serving. */
async function keep(served: ServedDirectory, cacheFile?: string): Promise<ServedDirectory> {
  if (cacheFile) {
    const options = { mode: PRIVATE_FILE_MODE, makeDir: true }
    await replaceFile(cacheFile, served.jws, options).catch(() => undefined)
  }
  return served
}

function mirrorApp(
  held: () => ServedDirectory | undefined,
  status: () => { lastSuccessAt?: string | undefined; now: number },
): Hono {
  const app = new Hono()
  app.get('/directory', (c) => {
    const served = held()
    if (!served) throw new AuthorityError('directory_unavailable')
    return directoryResponse(served, c.req.header('if-none-match'))
  })
  app.get('/health', (c) => {
    const served = held()
    const { lastSuccessAt, now } = status()
    const expired = !served || Date.parse(served.expiresAt) <= now
    const body = {
      status: served ? 'ok' : 'not_ready',
      serial: served?.serial,
      expiresAt: served?.expiresAt,
      expired,
      lastSuccessAt,
    }
    return c.json(body, served ? 200 : 503)
  })
  app.notFound(() => problemResponse(new AuthorityError('not_found')))
  app.onError((error) => problemResponse(error))
  return app
}
