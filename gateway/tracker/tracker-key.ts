// The member's data-tracker key and the keyed hash that stands for a person in the message log.
import { createHmac, randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { writeFileIfAbsent } from '../lib/durable-file.js'
import { PRIVATE_FILE_MODE, tightenPath } from '../lib/private-files.js'

/** The key as a file holds it: a symmetric JWK (RFC 7517 `oct`) of 32 random bytes. */
export interface TrackerKeyJwk {
  kty: 'oct'
  alg: 'HS256'
  k: string
}

const KEY_BYTES = 32

/**
 * A fresh random key. Every node of a member must hold the same one, or the same person gets
 * different hashes in their logs.
 *
 * @example await writeFile(file, JSON.stringify(createTrackerKeyJwk()), { mode: 0o600 })
 */
export function createTrackerKeyJwk(): TrackerKeyJwk {
  return { kty: 'oct', alg: 'HS256', k: randomBytes(KEY_BYTES).toString('base64url') }
}

/**
 * Writes a fresh key to `file` unless one is there: an existing key is never replaced, since
 * every hash in the member's logs depends on it. The file is readable by its owner only.
 *
 * @example await ensureTrackerKeyFile('.kopuro/tracker/KG_GOV_70000001.key.jwk.json')
 */
export async function ensureTrackerKeyFile(file: string): Promise<void> {
  const text = JSON.stringify(createTrackerKeyJwk(), null, 2)
  // Durable before any hash made with it is: a key lost in a crash would orphan those hashes.
  const options = { mode: PRIVATE_FILE_MODE, makeDir: true }
  if (!(await writeFileIfAbsent(file, text, options))) await tightenPath(file, PRIVATE_FILE_MODE)
}

/**
 * Reads a tracker key file; a file that is not a 32-byte `oct` JWK is a configuration mistake
 * and throws a TypeError at start-up.
 *
 * @example const key = await loadTrackerKey(config.tracker.keyFile)
 */
export async function loadTrackerKey(file: string): Promise<Uint8Array> {
  let jwk: Partial<TrackerKeyJwk>
  try {
    jwk = JSON.parse(await readFile(file, 'utf8')) as Partial<TrackerKeyJwk>
  } catch (e) {
    throw new TypeError('tracker.keyFile cannot be read as a JWK', { cause: e })
  }
  const key = typeof jwk.k === 'string' ? Buffer.from(jwk.k, 'base64url') : undefined
  if (jwk.kty !== 'oct' || !key || key.byteLength < KEY_BYTES) {
    throw new TypeError(`tracker.keyFile must hold an oct JWK of at least ${KEY_BYTES} bytes`)
  }
  return new Uint8Array(key)
}

/**
 * The data subject as the log stores it: base64url HMAC-SHA-256 of the PIN under the member's
 * key (docs/design.md §5: a keyed hash, never the plain code). Without the key the hash cannot be
 * linked to a person, not even by trying every PIN.
 *
 * @example hashDataSubject(key, '22905199138381') // 'q3Yd…' (43 characters)
 */
export function hashDataSubject(key: Uint8Array, pin: string): string {
  return createHmac('sha256', key).update(pin, 'utf8').digest('base64url')
}
