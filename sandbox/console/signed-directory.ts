// The federation directory as the console shows it: fetched from the authority or the mirror and
// verified against the sandbox's trust anchor, exactly as a gateway would accept it.
import { readFile } from 'node:fs/promises'
import {
  fetchDirectory,
  verifyDirectory,
  type DirectoryAnchor,
  type DirectoryDocument,
} from '../../gateway/directory/index.js'
import { KopuroError } from '../../gateway/lib/kopuro-error.js'
import type { SandboxDescription } from '../sandbox-file.js'

export type DirectorySourceName = 'authority' | 'mirror'

export interface VerifiedDirectory {
  document: DirectoryDocument
  source: DirectorySourceName
  /** The URL the signed document came from. */
  url: string
}

export type DirectoryReading =
  | { ok: true; directory: VerifiedDirectory }
  | { ok: false; source: DirectorySourceName; url: string; error: string }

const FETCH_TIMEOUT_MS = 3_000

/** The sandbox's authority and mirror document URLs, the authority first. */
export function directorySources(
  sandbox: SandboxDescription,
): { source: DirectorySourceName; url: string }[] {
  return [
    { source: 'authority', url: `${sandbox.directory.authorityUrl}/directory` },
    { source: 'mirror', url: `${sandbox.directory.mirrorUrl}/directory` },
  ]
}

export async function readAnchor(sandbox: SandboxDescription): Promise<DirectoryAnchor> {
  return JSON.parse(await readFile(sandbox.directory.anchorFile, 'utf8')) as DirectoryAnchor
}

/** Fetches one source's compact JWS and verifies it; never throws. */
export async function readDirectoryFrom(
  source: DirectorySourceName,
  url: string,
  anchor: DirectoryAnchor,
): Promise<DirectoryReading> {
  try {
    const { jws } = await fetchDirectory(url, { fetch, timeoutMs: FETCH_TIMEOUT_MS })
    if (!jws) throw new Error('no document')
    const document = await verifyDirectory(jws, anchor)
    return { ok: true, directory: { document, source, url } }
  } catch (error) {
    return { ok: false, source, url, error: describeFailure(error) }
  }
}

/** Both sources at once (the federation view compares them). */
export async function readEverySource(sandbox: SandboxDescription): Promise<DirectoryReading[]> {
  const anchor = await readAnchor(sandbox)
  return Promise.all(
    directorySources(sandbox).map((s) => readDirectoryFrom(s.source, s.url, anchor)),
  )
}

/**
 * The verified directory from the authority, or from the mirror when the authority does not
 * answer or answers something that does not verify. Throws when neither does.
 *
 * @example const { document, source } = await loadDirectory(await ctx.sandbox())
 */
export async function loadDirectory(sandbox: SandboxDescription): Promise<VerifiedDirectory> {
  const anchor = await readAnchor(sandbox)
  const failures: string[] = []
  for (const { source, url } of directorySources(sandbox)) {
    const reading = await readDirectoryFrom(source, url, anchor)
    if (reading.ok) return reading.directory
    failures.push(`${source}: ${reading.error}`)
  }
  throw new Error(`no verified directory (${failures.join('; ')})`)
}

/** `fetch failed` says little: name the underlying cause (ECONNREFUSED, a timeout, a bad JWS). */
function describeFailure(error: unknown): string {
  const e = error as Error & { cause?: Error & { code?: string } }
  if (e.name === 'TimeoutError') return 'no answer in time'
  // A Node or undici code (ECONNREFUSED); kopuro's own errors (a deadline) say theirs in words.
  if (e.cause?.code && !(e.cause instanceof KopuroError)) return e.cause.code
  if (e.cause?.message) return `${e.message}: ${e.cause.message}`
  return e.message
}
