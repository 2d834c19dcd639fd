// What a server answers the CLI, read through the one bounded reader (docs/design.md §2).
import { BodyTooLargeError, readWebText } from '../lib/read-body.js'

/** An answer the CLI uses: a page of 1000 records or the authority's registry fits many times. */
export const MAX_ANSWER_BYTES = 32 * 1024 * 1024
/** A refusal or a witness head: a few hundred bytes; the CLI reads no more than this. */
export const MAX_SMALL_ANSWER_BYTES = 64 * 1024

/**
 * Reads an answer's body as text, at most `limit` bytes whatever its headers say; a larger
 * answer fails the command (exit 1) with a message naming the limit, never with its content.
 *
 * @example const text = await readAnswerText(res)
 */
export async function readAnswerText(res: Response, limit = MAX_ANSWER_BYTES): Promise<string> {
  try {
    return await readWebText(res, limit)
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      throw new Error(`the answer exceeds ${limit} bytes`, { cause: error })
    }
    throw error
  }
}

/**
 * {@link readAnswerText} parsed as JSON; an answer that is not JSON fails the command with a fixed
 * message.
 *
 * @example const page = (await readAnswerJson(res)) as { records: AuditRecord[] }
 */
export async function readAnswerJson(res: Response, limit = MAX_ANSWER_BYTES): Promise<unknown> {
  const text = await readAnswerText(res, limit)
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw new Error('the answer is not JSON', { cause: error })
  }
}
