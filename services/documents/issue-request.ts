// Validates a request to issue a certificate: allow-listed fields, fixed messages, no echoing.

import { isPin, ProblemError } from '../shared/index.js'
import {
  CERTIFICATE_LANGUAGES,
  CERTIFICATE_TYPES,
  DEFAULT_LANGUAGE,
  MAX_PURPOSE_LENGTH,
  type CertificateRequest,
} from './certificate.js'
import { INVALID_BODY } from './problems.js'

const FIELDS = new Set(['type', 'pin', 'purpose', 'language'])

/** Printable text with at least one non-space character: no control characters (Unicode Cc). */
export const PURPOSE_PATTERN = /^(?=[\s\S]*\S)\P{Cc}*$/u

/**
 * Checks a parsed JSON body against the `IssueCertificateRequest` schema of the contract.
 *
 * @example
 * parseIssueRequest({ type: 'birth', pin: '22905199138381', purpose: 'School enrolment' })
 */
export function parseIssueRequest(body: unknown): CertificateRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    invalid('the body must be a JSON object')
  }
  const fields = body as Record<string, unknown>
  if (Object.keys(fields).some((name) => !FIELDS.has(name))) {
    invalid('only type, pin, purpose and language are allowed')
  }
  const { type, pin, purpose, language = DEFAULT_LANGUAGE } = fields
  if (!isOneOf(CERTIFICATE_TYPES, type))
    invalid(`type must be one of ${CERTIFICATE_TYPES.join(', ')}`)
  if (typeof pin !== 'string' || !isPin(pin)) invalid('pin must be a PIN (14 digits)')
  if (typeof purpose !== 'string' || !isPurpose(purpose)) {
    invalid(`purpose must be 1 to ${MAX_PURPOSE_LENGTH} printable characters, not all spaces`)
  }
  if (!isOneOf(CERTIFICATE_LANGUAGES, language)) {
    invalid(`language must be one of ${CERTIFICATE_LANGUAGES.join(', ')}`)
  }
  return { type, pin, purpose, language }
}

/** Length in code points, as JSON Schema's `maxLength` counts it. */
function isPurpose(text: string): boolean {
  const length = [...text].length
  return length >= 1 && length <= MAX_PURPOSE_LENGTH && PURPOSE_PATTERN.test(text)
}

function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value)
}

function invalid(detail: string): never {
  throw new ProblemError({ ...INVALID_BODY, detail })
}
