// Node's WebCrypto for @peculiar/x509, plus the EC P-256 key handling every certificate shares.
import { createPrivateKey, KeyObject, randomBytes, webcrypto } from 'node:crypto'
import * as x509 from './x509.js'

export type NodeCrypto = webcrypto.Crypto
export type CryptoKey = webcrypto.CryptoKey
export type CryptoKeyPair = webcrypto.CryptoKeyPair

/** ECDSA on P-256 with SHA-256: fast to generate and accepted by every TLS 1.3 stack. */
export const EC_KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const
export const EC_SIGNING_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' } as const

const MS_PER_DAY = 86_400_000

/** Backdating notBefore keeps a fresh certificate valid on a peer whose clock is a little slow. */
const NOT_BEFORE_LEEWAY_MS = 5 * 60_000

/** Sets the provider per call, never at import time (docs/design.md §9: no I/O or global set-up on import). */
export function useNodeCrypto(): NodeCrypto {
  x509.cryptoProvider.set(webcrypto)
  return webcrypto
}

export async function generateEcKeyPair(crypto: NodeCrypto): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(EC_KEY_ALGORITHM, true, ['sign', 'verify'])
}

export function exportPrivateKeyPem(key: CryptoKey): string {
  return KeyObject.from(key).export({ type: 'pkcs8', format: 'pem' }).toString()
}

export async function importSigningKeyPem(crypto: NodeCrypto, pem: string): Promise<CryptoKey> {
  const der = createPrivateKey(pem).export({ type: 'pkcs8', format: 'der' })
  return crypto.subtle.importKey('pkcs8', der, EC_KEY_ALGORITHM, false, ['sign'])
}

/**
 * A positive serial of 128 random bits (RFC 5280 §4.1.2.2: positive, at most 20 octets); the top
 * bits are fixed so the DER integer never needs a padding or a stripped leading byte.
 */
export function randomSerialNumber(): string {
  const bytes = randomBytes(16)
  bytes[0] = (bytes[0]! & 0x3f) | 0x40
  return bytes.toString('hex')
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * MS_PER_DAY)
}

export function assertValidityDays(days: number, name: string): void {
  if (!Number.isInteger(days) || days <= 0) {
    throw new TypeError(`${name}: validityDays must be a positive integer`)
  }
}

/** PEM blocks joined one per line group, ending in a newline as OpenSSL writes them. */
export function joinPem(...blocks: string[]): string {
  return blocks.map((b) => b.trim() + '\n').join('')
}

export function notBeforeFor(now: Date): Date {
  return new Date(now.getTime() - NOT_BEFORE_LEEWAY_MS)
}
