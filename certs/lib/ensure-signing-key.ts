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
  const privatePath = resolvePkiPath(dir, files.privateJwk)
  const publicPath = resolvePkiPath(dir, files.publicJwk)
  const existing = await readTextIfExists(privatePath)
  let privateJwk: SigningJwk
  if (existing === undefined) {
    const pair = await createSigningKey({ alg })
    privateJwk = pair.privateJwk
    await writePrivateFile(privatePath, toJson(pair.privateJwk))
    progress(`created ${label} (${alg}, kid ${pair.privateJwk.kid})`)
  } else {
    privateJwk = await checkExistingKey(existing, alg, files.privateJwk)
    progress(`kept ${label} (kid ${privateJwk.kid})`)
  }
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
