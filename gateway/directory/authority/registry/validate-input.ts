// Checks of admin input values: identifiers of this federation, URLs, times, fingerprints, texts.
import { normaliseFingerprint } from '../../../../certs/index.js'
import {
  isValidIdentifierPart,
  parseMemberId,
  parseNodeId,
  parseServiceId,
  parseSubsystemId,
  type MemberId,
} from '../../../identifiers/index.js'
import { AuthorityError } from '../authority-error.js'
import type { RegistryState } from './registry-state.js'

const FINGERPRINT = /^[0-9a-f]{64}$/
const DIGEST = /^[A-Za-z0-9_-]{43}$/
/** RFC 3339 date-time with a zone (`Z` or an offset). */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/
const CONTROL = /\p{Cc}/u
const MAX_TEXT = 256

/** X-Road identifiers (REST protocol §4.3) of this instance, with a registered member class. */
function inFederation(state: RegistryState, id: MemberId | undefined, shape: string): void {
  if (!id || id.instance !== state.instance) {
    throw new AuthorityError('invalid_identifier', { detail: `expected ${shape} of this instance` })
  }
  if (!state.memberClasses.some((c) => c.code === id.memberClass)) {
    throw new AuthorityError('invalid_identifier', { detail: 'the member class is not registered' })
  }
}

export function memberIdIn(state: RegistryState, value: string): string {
  inFederation(state, parseMemberId(value), 'INSTANCE/CLASS/MEMBER')
  return value
}

export function subsystemIdIn(state: RegistryState, value: string): string {
  inFederation(state, parseSubsystemId(value), 'INSTANCE/CLASS/MEMBER/SUBSYSTEM')
  return value
}

export function nodeIdIn(state: RegistryState, value: string): string {
  inFederation(state, parseNodeId(value), 'INSTANCE/CLASS/MEMBER/NODE')
  return value
}

export function serviceIdIn(state: RegistryState, value: string): string {
  inFederation(state, parseServiceId(value), 'INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE')
  return value
}

/** A code in X-Road's identifier character set: member classes, global groups. */
export function codeOf(value: string): string {
  if (!isValidIdentifierPart(value)) {
    throw new AuthorityError('invalid_identifier', { detail: 'expected an identifier part' })
  }
  return value
}

/** kopuro's fingerprint format: lowercase hex SHA-256, colons and case tolerated on input. */
export function fingerprintOf(value: string): string {
  const fingerprint = normaliseFingerprint(value)
  if (!FINGERPRINT.test(fingerprint)) throw invalid('a fingerprint is 64 hex digits (SHA-256)')
  return fingerprint
}

/** Federation listeners are HTTPS only (docs/design.md §2), named without credentials, query or path. */
export function federationUrlOf(value: string): string {
  const url = urlOf(value, ['https:'])
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    throw invalid('a federation URL is https://host:port only')
  }
  return url.origin
}

export function contractUrlOf(value: string): string {
  return urlOf(value, ['https:', 'http:']).href
}

export function timestampOf(value: string): string {
  const ms = TIMESTAMP.test(value) ? Date.parse(value) : Number.NaN
  if (Number.isNaN(ms)) throw invalid('times are RFC 3339 date-times with a zone')
  return new Date(ms).toISOString()
}

/** A base64url SHA-256, as the catalogue's contract digests are. */
export function digestOf(value: string): string {
  if (!DIGEST.test(value)) throw invalid('a digest is a base64url SHA-256 (43 characters)')
  return value
}

/** A display text: non-empty, at most 256 characters, no control characters. */
export function textOf(value: string): string {
  const text = value.trim()
  if (text === '' || text.length > MAX_TEXT || CONTROL.test(text)) {
    throw invalid('names and titles are 1-256 characters without control characters')
  }
  return text
}

function urlOf(value: string, protocols: string[]): URL {
  let url: URL
  try {
    url = new URL(value)
  } catch (cause) {
    throw new AuthorityError('invalid_request', { detail: 'not a valid URL', cause })
  }
  if (!protocols.includes(url.protocol) || url.username !== '' || url.password !== '') {
    throw invalid(`URLs must be ${protocols.join(' or ')} without credentials`)
  }
  return url
}

function invalid(detail: string): AuthorityError {
  return new AuthorityError('invalid_request', { detail })
}
