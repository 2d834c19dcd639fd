// Sign a directory document as a compact JWS with the federation authority's key.
import { CompactSign, importJWK, type JWK } from 'jose'
import type { DirectoryDocument } from './directory-document.js'

export const DIRECTORY_JWS_TYPE = 'kopuro-directory+jws'

/**
 * Serialises and signs a directory (EdDSA). The authority and the sandbox use this; gateways
 * only ever verify.
 *
 * @example const jws = await signDirectory(doc, authorityPrivateJwk)
 */
export async function signDirectory(
  doc: DirectoryDocument,
  privateJwk: JWK & { kid: string },
): Promise<string> {
  const key = await importJWK(privateJwk, 'EdDSA')
  const payload = new TextEncoder().encode(JSON.stringify(doc))
  return new CompactSign(payload)
    .setProtectedHeader({ alg: 'EdDSA', kid: privateJwk.kid, typ: DIRECTORY_JWS_TYPE })
    .sign(key)
}
