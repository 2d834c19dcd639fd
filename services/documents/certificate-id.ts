// Certificate numbers: `KG-CRT-` and ten Crockford base32 characters, drawn at random.

import { randomBytes } from 'node:crypto'
import type { Random } from '../shared/index.js'

/** Crockford's base32 alphabet: no I, L, O or U, so a number read aloud is not misheard. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const LENGTH = 10

export const CERTIFICATE_ID_PREFIX = 'KG-CRT-'
export const CERTIFICATE_ID_PATTERN = /^KG-CRT-[0-9A-HJKMNP-TV-Z]{10}$/

/**
 * A fresh, unguessable certificate number: 50 bits from the system CSPRNG, so a holder's
 * certificate cannot be found by counting from another one.
 *
 * @example
 * randomCertificateId() // 'KG-CRT-7Q2M9XK4TD'
 */
export function randomCertificateId(): string {
  // 256 is a multiple of 32, so taking each byte modulo 32 keeps every character equally likely.
  const characters = [...randomBytes(LENGTH)].map((byte) => ALPHABET[byte % ALPHABET.length])
  return `${CERTIFICATE_ID_PREFIX}${characters.join('')}`
}

/** A certificate number from a seeded stream, for the register's deterministic sample data. */
export function seededCertificateId(random: Random): string {
  const characters = Array.from({ length: LENGTH }, () => random.pick([...ALPHABET]))
  return `${CERTIFICATE_ID_PREFIX}${characters.join('')}`
}

export function isCertificateId(value: string): boolean {
  return CERTIFICATE_ID_PATTERN.test(value)
}
