// Parse untrusted JSON bodies with bounds: strict UTF-8, limited nesting, finite numbers only.

/** Deeper documents are refused before parsing: no registry contract nests this deep. */
export const MAX_JSON_DEPTH = 64

const decoder = new TextDecoder('utf-8', { fatal: true })

export class UnsafeJsonError extends Error {
  constructor(reason: string) {
    super(reason)
    this.name = 'UnsafeJsonError'
  }
}

/**
 * Decodes and parses a JSON body. Invalid UTF-8, nesting deeper than `MAX_JSON_DEPTH`, syntax
 * errors and non-finite numbers (`1e999`) raise an `UnsafeJsonError`; the body size itself is
 * bounded by the service's limit before this runs.
 */
export function parseJsonSafely(body: Uint8Array): unknown {
  let text: string
  try {
    text = decoder.decode(body)
  } catch {
    throw new UnsafeJsonError('body is not valid UTF-8')
  }
  if (nestingDepth(text) > MAX_JSON_DEPTH) throw new UnsafeJsonError('body nests too deeply')
  try {
    return JSON.parse(text, (_key, value: unknown) => {
      if (typeof value === 'number' && !Number.isFinite(value))
        throw new UnsafeJsonError('number out of range')
      return value
    })
  } catch (e) {
    if (e instanceof UnsafeJsonError) throw e
    throw new UnsafeJsonError('body is not valid JSON')
  }
}

/** The maximum bracket depth outside strings; linear, no recursion. */
function nestingDepth(text: string): number {
  let depth = 0
  let max = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x7b || c === 0x5b) max = Math.max(max, ++depth)
    else if (c === 0x7d || c === 0x5d) depth--
  }
  return max
}
