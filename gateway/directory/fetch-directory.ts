// Fetch a signed directory from one source: an HTTP(S) URL (authority or mirror) or a local file.
import { readFile } from 'node:fs/promises'

export interface FetchedDirectory {
  /** The compact JWS, or undefined when the source answered 304 Not Modified. */
  jws?: string
  etag?: string
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>

/** Directory documents are small; anything bigger is refused unread. */
const MAX_DIRECTORY_BYTES = 4 * 1024 * 1024

/**
 * Fetches with `If-None-Match` so an unchanged document costs one small round trip. Any failure
 * (network, status, size) rejects; the caller tries the next source.
 */
export async function fetchDirectory(
  source: string,
  options: { etag?: string; fetch: FetchLike; timeoutMs: number },
): Promise<FetchedDirectory> {
  if (!/^https?:\/\//.test(source))
    return { jws: await readFile(source.replace(/^file:\/\//, ''), 'utf8') }
  const res = await options.fetch(source, {
    headers: options.etag ? { 'if-none-match': options.etag } : {},
    signal: AbortSignal.timeout(options.timeoutMs),
  })
  if (res.status === 304) return { etag: options.etag }
  if (res.status !== 200) {
    await res.body?.cancel()
    throw new Error(`directory source answered ${res.status}`)
  }
  const length = Number(res.headers.get('content-length') ?? 0)
  if (length > MAX_DIRECTORY_BYTES) {
    await res.body?.cancel()
    throw new Error('directory document too large')
  }
  const jws = await res.text()
  if (jws.length > MAX_DIRECTORY_BYTES) throw new Error('directory document too large')
  return { jws: jws.trim(), etag: res.headers.get('etag') ?? undefined }
}
