// Identifier generation for X-Road message ids and error correlation ids.
import { randomUUID } from 'node:crypto'

export function newMessageId(): string {
  return randomUUID()
}

/** The correlation id put in an error body's `detail` and the matching log line. */
export function newCorrelationId(): string {
  return randomUUID()
}
