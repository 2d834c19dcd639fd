// A registry's request body, read once through the gateway's bounded reader and refused as
// problem+json: 413 `body-too-large` over the limit, 400 when it is not JSON.

import type { Context } from 'hono'
import { BodyTooLargeError, readWebBody } from '../../gateway/lib/read-body.js'
import { ProblemError, type ProblemInit } from './problem.js'

/** A registry's default body limit: far above any request its contract allows. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024

/** The problem for a body over `limit` bytes, whether declared or counted as it is read. */
export function bodyTooLargeProblem(limit: number) {
  return {
    code: 'body-too-large',
    status: 413 as const,
    title: 'Request body too large',
    detail: `The request body must not exceed ${limit} bytes.`,
  } satisfies ProblemInit
}

/** What a body that is not JSON is answered with, unless the registry names its own problem. */
export const MALFORMED_JSON = {
  code: 'malformed-json',
  status: 400,
  title: 'Malformed JSON body',
  detail: 'The request body is not valid JSON.',
} as const satisfies ProblemInit

export interface ReadBodyOptions {
  /** Largest body read, bytes (default {@link DEFAULT_MAX_BODY_BYTES}). */
  limit?: number
  /** The 400 problem for a body that is not JSON (default {@link MALFORMED_JSON}). */
  malformed?: ProblemInit
}

/** One read per request: middleware (idempotency) and the handler see the same bytes. */
const reads = new WeakMap<Request, Promise<Uint8Array>>()

/**
 * Reads the request body at most once, never holding more than `limit` bytes whatever the
 * headers say (docs/design.md §2, bounded reads); a later call gets the same bytes, checked
 * against its own limit. Over the limit is a 413 `body-too-large` problem.
 *
 * @example const bytes = await readRequestBytes(c, { limit: 4096 })
 */
export async function readRequestBytes(
  c: Context,
  options: ReadBodyOptions = {},
): Promise<Uint8Array> {
  const limit = options.limit ?? DEFAULT_MAX_BODY_BYTES
  const request = c.req.raw
  let read = reads.get(request)
  if (read === undefined) {
    read = readWebBody(request, limit)
    reads.set(request, read)
  }
  const bytes = await read.catch((error: unknown) => {
    if (error instanceof BodyTooLargeError) {
      throw new ProblemError(bodyTooLargeProblem(error.limit), { cause: error })
    }
    throw error
  })
  if (bytes.byteLength > limit) throw new ProblemError(bodyTooLargeProblem(limit))
  return bytes
}

/**
 * Reads a JSON request body within the limit: 413 `body-too-large` over it, the `malformed`
 * problem (400) when it is not JSON. The body is never echoed in a problem.
 *
 * @example const body = await readJsonBody(c, { limit: 4096, malformed: INVALID_BODY })
 */
export async function readJsonBody(c: Context, options: ReadBodyOptions = {}): Promise<unknown> {
  const text = new TextDecoder().decode(await readRequestBytes(c, options))
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw new ProblemError(options.malformed ?? MALFORMED_JSON, { cause: error })
  }
}
