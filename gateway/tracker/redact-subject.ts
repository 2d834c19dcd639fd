// Keep a data subject's PIN out of everything a log record stores (docs/design.md §5: never plain).

/** What stands in the log where the data subject's PIN was. */
export const SUBJECT_MARKER = '{pin}'

/** A run of digits, each plain or percent-encoded (`2` or `%32`), as a client may send them. */
const DIGIT_RUN = /(?:[0-9]|%3[0-9])+/gi
const DIGITS = /^[0-9]+$/

/**
 * A function replacing every occurrence of the PINs in a text, plain or percent-encoded, with
 * `{pin}`; longer digit runs that merely contain one are other numbers and stay. Whoever knows the
 * PIN (and checks it against the record's keyed hash) can put it back, e.g. to verify a stored
 * signature base offline.
 *
 * @example subjectRedactor('22905199138381')('/persons/22905199138381') // '/persons/{pin}'
 */
export function subjectRedactor(...pins: string[]): (text: string) => string {
  const set = new Set(pins)
  const decoding = (text: string) =>
    text.replace(DIGIT_RUN, (run) =>
      set.has(run.replace(/%3([0-9])/gi, '$1')) ? SUBJECT_MARKER : run,
    )
  if (set.size === 0 || ![...set].every((pin) => DIGITS.test(pin))) return decoding
  // Most texts hold no percent-encoded digit: there one search for the codes as whole runs does,
  // about five times faster over a record than decoding each of its digit runs.
  const plain = new RegExp(`(?<![0-9])(?:${[...set].join('|')})(?![0-9])`, 'g')
  return (text) => (text.includes('%3') ? decoding(text) : text.replace(plain, SUBJECT_MARKER))
}

/**
 * A copy of a record with `redact` applied to every string in it, however deeply nested; the
 * record itself when there is nothing to redact.
 *
 * @example const stored = redactStrings(record, exchange.tracked?.redact)
 */
export function redactStrings<T>(value: T, redact: ((text: string) => string) | undefined): T {
  return redact ? (redactValue(value, redact) as T) : value
}

function redactValue(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(value)
  if (Array.isArray(value)) return value.map((v) => redactValue(v, redact))
  if (typeof value !== 'object' || value === null) return value
  const copy: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value)) copy[key] = redactValue(v, redact)
  return copy
}
