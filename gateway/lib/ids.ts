// Identifier generation for X-Road message ids and error correlation ids.
import { randomUUID } from 'node:crypto'

/** X-Road-Id and X-Road-Request-Id values are echoed in headers and logs: short and printable. */
const MESSAGE_ID = /^[\x21-\x7e]{1,128}$/

/** A fresh random message id (a UUID): an X-Road-Id when the caller sent none, every X-Road-Request-Id. */
export function newMessageId(): string {
  return randomUUID()
}

/**
 * Whether `value` may be an X-Road-Id or X-Road-Request-Id: 1–128 printable ASCII characters
 * without spaces (docs/protocol.md §2.3).
 *
 * @example isMessageId('5f0c6f2e-8d1b-4c52-9a57-2f4d9c1e7b30') // true
 */
export function isMessageId(value: string | undefined): value is string {
  return value !== undefined && MESSAGE_ID.test(value)
}

/** The correlation id put in an error body's `detail` and the matching log line. */
export function newCorrelationId(): string {
  return randomUUID()
}
