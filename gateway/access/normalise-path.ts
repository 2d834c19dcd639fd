// Normalise a service path before access checks, so that what is checked is what is forwarded.
import { GatewayError } from '../lib/errors.js'

export interface NormalisedPath {
  /** Decoded segments after dot-segment removal (RFC 3986 §5.2.4); no empty segments. */
  segments: string[]
  /** The same path re-encoded segment by segment: the exact path forwarded to the backend. */
  encoded: string
}

/**
 * Decodes each segment on its own, collapses doubled slashes and resolves `.` and `..`
 * (X-Road 7.7.1 fixed a traversal hole by matching on the normalised path). An encoded slash or
 * backslash inside a segment, a NUL, a lone UTF-16 surrogate, or a `..` that climbs above the
 * service root is refused: such a path has no single meaning across backends.
 */
export function normaliseServicePath(rawPath: string): NormalisedPath {
  const segments: string[] = []
  for (const raw of rawPath.split('/')) {
    if (raw === '') continue
    const segment = decode(raw)
    if (/[/\\\0]/.test(segment)) throw refused('encoded separator in path')
    if (segment === '.') continue
    if (segment === '..') {
      if (segments.pop() === undefined) throw refused('path climbs above the service root')
      continue
    }
    segments.push(segment)
  }
  const encoded = segments.length === 0 ? '' : '/' + segments.map(encodeURIComponent).join('/')
  return { segments, encoded }
}

/** A UTF-16 surrogate without its pair: it has no UTF-8 form, so the path cannot be re-encoded. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u

function decode(segment: string): string {
  let decoded: string
  try {
    decoded = decodeURIComponent(segment)
  } catch (e) {
    throw refused('malformed percent-encoding', e)
  }
  if (LONE_SURROGATE.test(decoded)) throw refused('lone surrogate in path')
  return decoded
}

function refused(reason: string, cause?: unknown): GatewayError {
  return new GatewayError('client.bad_request', { cause: new Error(reason, { cause }) })
}
