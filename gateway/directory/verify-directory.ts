// Verify a signed directory document against the trust anchor, failing closed on anything odd.
import { compactVerify, decodeProtectedHeader, importJWK } from 'jose'
import { GatewayError } from '../lib/errors.js'
import type { DirectoryAnchor, DirectoryDocument } from './directory-document.js'
import { DIRECTORY_JWS_TYPE } from './sign-directory.js'

export interface VerifyDirectoryOptions {
  /** Refuse a document whose serial is lower than this (rollback protection, docs/design.md §3). */
  minSerial?: number
}

/**
 * Verifies the JWS with the anchor's keys (EdDSA only), checks the instance and serial, and
 * returns the document. Expiry is not checked here: an expired copy is still the last good one,
 * and the caller decides whether traffic may flow (`global_conf_outdated`).
 */
export async function verifyDirectory(
  jws: string,
  anchor: DirectoryAnchor,
  options: VerifyDirectoryOptions = {},
): Promise<DirectoryDocument> {
  const header = safe(() => decodeProtectedHeader(jws))
  if (header.alg !== 'EdDSA' || header.typ !== DIRECTORY_JWS_TYPE)
    throw invalid('unexpected header')
  const jwk = anchor.keys.find((k) => k.kid === header.kid)
  if (!jwk) throw invalid('signed by a key the anchor does not list')
  const key = await importJWK(jwk, 'EdDSA')
  const { payload } = await compactVerify(jws, key, { algorithms: ['EdDSA'] }).catch((e) => {
    throw invalid('bad signature', e)
  })
  const doc = safe(() => JSON.parse(new TextDecoder().decode(payload)) as DirectoryDocument)
  if (doc.instance !== anchor.instance) throw invalid('instance differs from the anchor')
  if (!Number.isSafeInteger(doc.serial)) throw invalid('serial is not an integer')
  if (options.minSerial !== undefined && doc.serial < options.minSerial) {
    throw invalid('serial lower than the copy held')
  }
  if (Number.isNaN(Date.parse(doc.expiresAt))) throw invalid('expiresAt is not a date')
  return doc
}

function invalid(reason: string, cause?: unknown): GatewayError {
  return new GatewayError('server.clientproxy.global_conf_outdated', {
    cause: new Error(`directory refused: ${reason}`, { cause }),
  })
}

function safe<T>(f: () => T): T {
  try {
    return f()
  } catch (e) {
    throw invalid('malformed document', e)
  }
}
