// A gateway's source of the current directory: polled from the anchor's sources, verified, cached on disk.
import { readFile } from 'node:fs/promises'
import type { Clock } from '../lib/clock.js'
import { systemClock } from '../lib/clock.js'
import { replaceFile } from '../lib/durable-file.js'
import { GatewayError } from '../lib/errors.js'
import { PRIVATE_FILE_MODE } from '../lib/private-files.js'
import type { DirectoryAnchor } from './directory-document.js'
import { createDirectoryView, type DirectoryView } from './directory-view.js'
import {
  DirectorySourceError,
  fetchDirectory,
  type FetchLike,
  type SourceFailure,
} from './fetch-directory.js'
import { verifyDirectory } from './verify-directory.js'

export interface DirectoryClientOptions {
  anchor: DirectoryAnchor
  /** Where the last good copy is kept; the gateway starts from it when every source is down. */
  cacheFile?: string
  now?: Clock
  /** Poll interval, ms (docs/design.md §3: 60 s). */
  pollMs?: number
  fetch?: FetchLike
  /** One total deadline per source for connect, headers and the whole body, ms (default 5 s). */
  timeoutMs?: number
  /** The largest document read from a source, bytes (default `MAX_DIRECTORY_BYTES`). */
  maxBytes?: number
  onChange?: (view: DirectoryView) => void
  /** With no source answering and no cached copy, keep trying this long at start-up, ms. */
  startupTimeoutMs?: number
  /** Called for each source that gave nothing usable, with its URL and a fixed reason. */
  onSourceRefused?: (refusal: SourceRefusal) => void
  /** Faults outside the sources: a cached copy that no longer verifies, a cache write. */
  onError?: (error: unknown) => void
}

/** One source's refusal: the anchor's URL for it and why, in fixed words (never its content). */
export interface SourceRefusal {
  source: string
  reason: SourceFailure
}

export interface DirectoryStatus {
  serial: number
  issuedAt: string
  expiresAt: string
  /** Age of the held document (now − issuedAt), ms. */
  ageMs: number
  valid: boolean
  /** When a source last gave a verified document (or 304). */
  lastSuccessAt?: string
  /** Why the last round gave nothing: each source with its reason; undefined after a success. */
  lastError?: string
  /** The same as data: every source of the last failed round and why it was refused. */
  sourceFailures: SourceRefusal[]
}

export interface DirectoryClient {
  /**
   * The current view for traffic. Fails closed with `<side>.global_conf_outdated` once the held
   * copy has expired (docs/design.md §3).
   */
  current(side: 'consumer' | 'provider'): DirectoryView
  /** The held view regardless of expiry (for readiness and diagnostics). */
  held(): DirectoryView
  /** Polls the sources now; resolves with the (possibly unchanged) held view. */
  refresh(): Promise<DirectoryView>
  status(): DirectoryStatus
  /** Calls `listener` with every newly adopted view; returns the unsubscribe function. */
  subscribe(listener: (view: DirectoryView) => void): () => void
  close(): void
}

/**
 * Loads the directory before the gateway serves anything: from the first source that gives a
 * valid document, else from the disk cache. Then polls every `pollMs`, trying sources in turn,
 * refusing lower serials and bad signatures, and retrying sooner with backoff after a failed round.
 *
 * @example const directory = await startDirectoryClient({ anchor, cacheFile })
 */
export async function startDirectoryClient(
  options: DirectoryClientOptions,
): Promise<DirectoryClient> {
  const now = options.now ?? systemClock
  const pollMs = options.pollMs ?? 60_000
  const state = {
    etags: new Map<string, string>(),
    lastSuccessAt: 0,
    lastError: undefined as string | undefined,
    failures: [] as SourceRefusal[],
  }
  let view = await initialView(options, state)
  let failures = 0
  let timer: NodeJS.Timeout | undefined
  let closed = false
  const listeners = new Set<(view: DirectoryView) => void>()
  if (options.onChange) listeners.add(options.onChange)

  const poll = async (): Promise<DirectoryView> => {
    const next = await pollSources(options, view, state, now)
    if (next && next.serial > view.serial) {
      view = next
      await writeCache(options.cacheFile, view, options.onError)
      for (const listener of listeners) listener(view)
    }
    return view
  }
  const schedule = (delay: number) => {
    if (closed) return
    // poll() settles either way, so the chain below never rejects.
    timer = setTimeout(() => {
      void poll()
        .then(
          () => state.lastError === undefined,
          () => false,
        )
        .then((ok) => {
          failures = ok ? 0 : failures + 1
          schedule(ok ? pollMs : Math.min(pollMs, 1000 * 2 ** failures))
        })
    }, delay)
    timer.unref()
  }
  schedule(pollMs)
  return {
    current(side) {
      if (now() >= view.expiresAtMs) {
        throw new GatewayError(
          side === 'consumer'
            ? 'server.clientproxy.global_conf_outdated'
            : 'server.serverproxy.global_conf_outdated',
        )
      }
      return view
    },
    held: () => view,
    refresh: poll,
    status: () => ({
      serial: view.serial,
      issuedAt: view.document.issuedAt,
      expiresAt: view.document.expiresAt,
      ageMs: now() - Date.parse(view.document.issuedAt),
      valid: now() < view.expiresAtMs,
      lastSuccessAt: state.lastSuccessAt ? new Date(state.lastSuccessAt).toISOString() : undefined,
      lastError: state.lastError,
      sourceFailures: [...state.failures],
    }),
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    close() {
      closed = true
      clearTimeout(timer)
    },
  }
}

interface PollState {
  etags: Map<string, string>
  lastSuccessAt: number
  lastError: string | undefined
  failures: SourceRefusal[]
}

async function initialView(
  options: DirectoryClientOptions,
  state: PollState,
): Promise<DirectoryView> {
  const now = options.now ?? systemClock
  const deadline = Date.now() + (options.startupTimeoutMs ?? 30_000)
  // The last good copy is the floor: a stale source cannot roll a restarted node back (docs/design.md §3).
  const cached = await readCache(options)
  for (let attempt = 0; ; attempt++) {
    const fromSources = await pollSources(options, cached, state, now)
    if (fromSources) {
      if (fromSources !== cached) await writeCache(options.cacheFile, fromSources, options.onError)
      return fromSources
    }
    if (cached) return cached
    if (Date.now() >= deadline) break
    // Sources may still be starting (a whole federation coming up at once): retry with backoff.
    await new Promise((r) => setTimeout(r, Math.min(2000, 100 * 2 ** attempt)))
  }
  throw new GatewayError('server.clientproxy.global_conf_outdated', {
    cause: new Error(`no directory source answered and no cached copy: ${state.lastError}`),
  })
}

/** The cached copy if it is still a valid document of this anchor (else none). */
async function readCache(options: DirectoryClientOptions): Promise<DirectoryView | undefined> {
  const jws = options.cacheFile && (await readFile(options.cacheFile, 'utf8').catch(() => ''))
  if (!jws) return undefined
  try {
    return createDirectoryView(await verifyDirectory(jws, options.anchor), jws)
  } catch (e) {
    options.onError?.(e)
    return undefined
  }
}

/**
 * One round over the sources; the first that yields a verified document (or 304) ends it. Any
 * failure of a source (size, redirect, deadline, status, signature, serial) moves on to the
 * next one; when none gives a document the held copy stays and the refusals are kept for
 * `status()` (docs/design.md §3: a mirror may be hostile).
 */
async function pollSources(
  options: DirectoryClientOptions,
  held: DirectoryView | undefined,
  state: PollState,
  now: Clock,
): Promise<DirectoryView | undefined> {
  const errors: string[] = []
  const failures: SourceRefusal[] = []
  for (const source of options.anchor.sources) {
    try {
      const view = await takeFrom(source, options, held, state)
      state.lastSuccessAt = now()
      state.lastError = undefined
      state.failures = []
      return view
    } catch (e) {
      const refusal = { source, reason: reasonOf(e) }
      failures.push(refusal)
      errors.push(`${source}: ${describeRefusal(e)}`)
      options.onSourceRefused?.(refusal)
    }
  }
  state.lastError = errors.join('; ') || 'no sources'
  state.failures = failures
  return undefined
}

/** One source's document as a view: the held one when unchanged, else a verified new one. */
async function takeFrom(
  source: string,
  options: DirectoryClientOptions,
  held: DirectoryView | undefined,
  state: PollState,
): Promise<DirectoryView | undefined> {
  const fetched = await fetchDirectory(source, {
    etag: held ? state.etags.get(source) : undefined,
    fetch: options.fetch ?? fetch,
    timeoutMs: options.timeoutMs ?? 5000,
    maxBytes: options.maxBytes,
  })
  if (fetched.jws === undefined) return held
  const jws = fetched.jws.trim()
  const doc = await verifyDirectory(jws, options.anchor).catch((cause: unknown) => {
    throw new DirectorySourceError('refused', { cause })
  })
  // The last good copy is the floor: a stale or replaying source cannot roll it back
  // (docs/design.md §3).
  if (held && doc.serial < held.serial) throw new DirectorySourceError('lower_serial')
  if (fetched.etag) state.etags.set(source, fetched.etag)
  return held && doc.serial === held.serial ? held : createDirectoryView(doc, jws)
}

function reasonOf(error: unknown): SourceFailure {
  return error instanceof DirectorySourceError ? error.reason : 'unreachable'
}

/**
 * The reason, with the verifier's fixed words for a document that did not verify. Nothing of
 * the document itself goes in (docs/design.md §9: untrusted input is never echoed).
 */
function describeRefusal(error: unknown): string {
  const reason = reasonOf(error)
  if (reason === 'lower_serial') return 'lower_serial: serial lower than the copy held'
  const verdict = ((error as Error).cause as Error | undefined)?.cause
  if (reason === 'refused' && verdict instanceof Error) {
    return `refused: ${verdict.message.replace(/^directory refused: /, '')}`
  }
  return reason
}

/** Keeps the last good copy; a failed write is reported, never fatal (the copy in memory holds). */
async function writeCache(
  file: string | undefined,
  view: DirectoryView,
  onError?: (error: unknown) => void,
): Promise<void> {
  if (!file || !view.jws) return
  try {
    await replaceFile(file, view.jws, { mode: PRIVATE_FILE_MODE, makeDir: true })
  } catch (e) {
    onError?.(e)
  }
}
