// The console's form posts, read through the one bounded reader (docs/design.md §2).
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { BodyTooLargeError, readWebText } from '../../gateway/lib/read-body.js'

/** The largest form the console takes, as sent (percent-encoded); a larger one is not read. */
export const MAX_FORM_BYTES = 64 * 1024

/**
 * Reads an `application/x-www-form-urlencoded` post into its fields (the first value of each
 * name), never holding more than {@link MAX_FORM_BYTES} whatever the headers say. A larger form
 * is a 413, which the console's error page shows; an unreadable one has no fields.
 *
 * @example const form = await readForm(c)
 */
export async function readForm(c: Context): Promise<Record<string, string>> {
  let text: string
  try {
    text = await readWebText(c.req.raw, MAX_FORM_BYTES)
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      throw new HTTPException(413, {
        message: `The form is larger than the console takes (${MAX_FORM_BYTES / 1024} KB).`,
        cause: error,
      })
    }
    return {}
  }
  const fields: Record<string, string> = {}
  for (const [name, value] of new URLSearchParams(text)) {
    if (!Object.hasOwn(fields, name)) fields[name] = value
  }
  return fields
}
