// Parse untrusted JSON bodies with bounds: strict UTF-8, limited nesting, finite numbers only.
import { KopuroError } from '../lib/errors.js'

/** Deeper documents are refused before parsing: no registry contract nests this deep. */
export const MAX_JSON_DEPTH = 64

const decoder = new TextDecoder('utf-8', { fatal: true })

/** Why a body was refused; the message says the same in words (it reaches the caller). */
export type UnsafeJsonCode = 'invalid_utf8' | 'too_deep' | 'number_out_of_range' | 'invalid_json'

const REASONS: Record<UnsafeJsonCode, string> = {
  invalid_utf8: 'body is not valid UTF-8',
  too_deep: 'body nests too deeply',
  number_out_of_range: 'number out of range',
  invalid_json: 'body is not valid JSON',
}

export class UnsafeJsonError extends KopuroError<UnsafeJsonCode> {
  constructor(code: UnsafeJsonCode) {
    super(code, REASONS[code])
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
    throw new UnsafeJsonError('invalid_utf8')
  }
  if (nestingDepth(text) > MAX_JSON_DEPTH) throw new UnsafeJsonError('too_deep')
  try {
    return JSON.parse(text, (_key, value: unknown) => {
      if (typeof value === 'number' && !Number.isFinite(value))
        throw new UnsafeJsonError('number_out_of_range')
      return value
    })
  } catch (e) {
    if (e instanceof UnsafeJsonError) throw e
    throw new UnsafeJsonError('invalid_json')
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
