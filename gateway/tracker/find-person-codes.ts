// Find what looks like a personal code in a request, by its shape alone (docs/design.md §5).
import { isPin } from './person-code.js'

/**
 * The shortest run of digits taken for a personal code where no contract operation says what a
 * value is. The population register's PIN has 14 digits; 11 also covers the shorter national
 * codes a foreign caller may send, while years, counters, page numbers and Unix times in seconds
 * (10 digits) stay readable.
 */
export const PERSON_CODE_MIN_DIGITS = 11

/**
 * How strict the shape is: `pin`, exactly the PIN's shape (where a contract operation matched and
 * says what its values are); `long`, any run of at least `PERSON_CODE_MIN_DIGITS` digits (where
 * none matched, so nothing tells a person's code from another number).
 */
export type PersonCodeShape = 'pin' | 'long'

/** A run of digits, each plain or percent-encoded (`2` or `%32`), as a client may send them. */
const DIGIT_RUN = /(?:[0-9]|%3[0-9])+/gi

/**
 * The distinct runs of digits in the texts that have the shape, decoded (`%32` → `2`), in the
 * order they first occur. A run is whole: the digits between two non-digits.
 *
 * @example personCodesIn(['/22905199138381/FAMILY', 'ref=123456789012'], 'long')
 * // ['22905199138381', '123456789012']
 */
export function personCodesIn(texts: readonly string[], shape: PersonCodeShape): string[] {
  const found = new Set<string>()
  for (const text of texts) {
    for (const match of text.matchAll(DIGIT_RUN)) {
      const run = match[0].replace(/%3([0-9])/gi, '$1')
      if (hasShape(run, shape)) found.add(run)
    }
  }
  return [...found]
}

function hasShape(run: string, shape: PersonCodeShape): boolean {
  return shape === 'pin' ? isPin(run) : run.length >= PERSON_CODE_MIN_DIGITS
}
