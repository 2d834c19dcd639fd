// The one error family: every error kopuro raises on purpose derives from KopuroError.

/**
 * The base of kopuro's typed errors (docs/design.md §9: untrusted input raises a typed error with
 * a stable code). `code` is what callers branch on and what logs name; the message is fixed text
 * the project wrote; what lies beneath (an I/O error, a parser's complaint) goes in the standard
 * `cause`. Subclasses set their own `name` and add their own fields (a status, a limit).
 *
 * @example
 * class DeadlineError extends KopuroError<'deadline_exceeded'> {
 *   constructor(readonly ms: number) {
 *     super('deadline_exceeded', `no complete answer within ${ms} ms`)
 *     this.name = 'DeadlineError'
 *   }
 * }
 */
export class KopuroError<Code extends string = string> extends Error {
  readonly code: Code

  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'KopuroError'
    this.code = code
  }
}
