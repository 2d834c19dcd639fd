// Keeps an existing signing key (never overwritten) or generates the missing one.
import { calculateJwkThumbprint } from 'jose'
import { createSigningKey, publicJwkOf } from '../create-signing-key.js'
import type { SigningAlgorithm, SigningJwk } from '../create-signing-key.js'
import type { PkiKeyEntry } from '../pki-manifest.js'
import type { KeyFilePaths } from '../pki-paths.js'
import { resolvePkiPath } from '../pki-paths.js'
import { readTextIfExists, writePrivateFile, writePublicFile } from './files.js'

export interface EnsureSigningKeyOptions {
  dir: string
  /** Relative to dir. */
  files: KeyFilePaths
  alg: SigningAlgorithm
  label: string
  progress: (step: string) => void
}

export async function ensureSigningKey(options: EnsureSigningKeyOptions): Promise<PkiKeyEntry> {
  const { dir, files, alg, label, progress } = options
  const publicPath = resolvePkiPath(dir, files.publicJwk)
  const { privateJwk, created } = await ensurePrivateSigningKey(
    resolvePkiPath(dir, files.privateJwk),
    alg,
    files.privateJwk,
  )
  progress(
    created
      ? `created ${label} (${alg}, kid ${privateJwk.kid})`
      : `kept ${label} (kid ${privateJwk.kid})`,
  )
  // The public half is always derivable, so a missing or stale copy is simply rewritten.
  const publicJson = toJson(publicJwkOf(privateJwk))
  if ((await readTextIfExists(publicPath)) !== publicJson) {
    await writePublicFile(publicPath, publicJson)
  }
  return {
    kid: privateJwk.kid,
    alg,
    privateJwkFile: files.privateJwk,
    publicJwkFile: files.publicJwk,
  }
}

/**
 * The private key at `path`, checked (valid JSON, private, of `alg`, kid its RFC 7638
 * thumbprint), or a new one written there owner-only when there is none. `name` is how messages
 * name the file. An existing key is never replaced.
 *
 * @example const { privateJwk, created } = await ensurePrivateSigningKey(file, 'EdDSA', 'keys/log.private.jwk.json')
 */
export async function ensurePrivateSigningKey(
  path: string,
  alg: SigningAlgorithm,
  name: string,
): Promise<{ privateJwk: SigningJwk; created: boolean }> {
  const existing = await readTextIfExists(path)
  if (existing !== undefined) {
    return { privateJwk: await checkExistingKey(existing, alg, name), created: false }
  }
  const { privateJwk } = await createSigningKey({ alg })
  await writePrivateFile(path, toJson(privateJwk))
  return { privateJwk, created: true }
}

/** A private key is never regenerated over: a damaged one stops the run for a person to look at. */
async function checkExistingKey(
  text: string,
  alg: SigningAlgorithm,
  file: string,
): Promise<SigningJwk> {
  let jwk: SigningJwk
  try {
    jwk = JSON.parse(text) as SigningJwk
  } catch (error) {
    throw new Error(`${file} is not valid JSON; move it away to generate a new key`, {
      cause: error,
    })
  }
  if (typeof jwk?.d !== 'string' || jwk.alg !== alg || typeof jwk.kid !== 'string') {
    throw new Error(`${file} is not a private ${alg} JWK with a kid`)
  }
  if ((await calculateJwkThumbprint(publicJwkOf(jwk), 'sha256')) !== jwk.kid) {
    throw new Error(`${file}: kid is not the RFC 7638 thumbprint of the key`)
  }
  return jwk
}

function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n'
}
