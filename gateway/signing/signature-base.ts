// Builds the RFC 9421 §2.5 signature base from covered components and the signature parameters.

/** One covered component: its serialised identifier (`"@method"`, `"signature";req`) and value. */
export interface ComponentLine {
  readonly id: string
  readonly value: string
}

// RFC 9421 §2.5 step 4: the base is ASCII; a value also may not smuggle in a line break
// (RFC 9110 §5.5 forbids CR, LF and NUL in field values).
const COMPONENT_VALUE = /^[\t\x20-\x7e]*$/

/**
 * Joins `"<id>": <value>` lines and the `"@signature-params"` line with `\n` (no trailing
 * newline). Throws a SyntaxError if a value is not ASCII or an identifier is repeated.
 *
 * @example buildSignatureBase([{ id: '"@method"', value: 'POST' }], '("@method");created=1')
 */
export function buildSignatureBase(
  lines: readonly ComponentLine[],
  signatureParams: string,
): string {
  let base = ''
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (!COMPONENT_VALUE.test(line.value)) {
      throw new SyntaxError(`component ${i} has a value that is not printable ASCII`)
    }
    // RFC 9421 §2.5 step 2.1: a component may be covered only once.
    for (let j = 0; j < i; j++) {
      if (lines[j]!.id === line.id) throw new SyntaxError(`component ${i} is repeated`)
    }
    base += `${line.id}: ${line.value}\n`
  }
  return `${base}"@signature-params": ${signatureParams}`
}
