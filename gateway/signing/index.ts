// Public face of the signing stage: RFC 9421 message signatures over RFC 9530 digests.
export { SIGNATURE_ALGORITHMS, type SignatureAlgorithm } from './algorithms.js'
export { contentDigest, verifyContentDigest } from './content-digest.js'
export {
  importSigningKey,
  importVerifyingKey,
  type KeyJwk,
  type SigningKey,
  type VerifyingKey,
} from './keys.js'
export {
  isExtraHeaderName,
  MAX_EXTRA_HEADERS,
  type HeaderGetter,
  type RequestParts,
  type ResponseParts,
} from './message-components.js'
export { requestHash } from './request-hash.js'
export { buildSignatureBase, type ComponentLine } from './signature-base.js'
export { REQUEST_TAG, RESPONSE_TAG, SIGNATURE_LABEL } from './signature-headers.js'
export { MAX_TTL_SECONDS, type SignedMessage, type SignOptions } from './sign-message.js'
export {
  isInnerList,
  MAX_FIELD_LENGTH,
  parseDictionaryMember,
  serializeInnerList,
  serializeItem,
  SfToken,
  type SfBareItem,
  type SfInnerList,
  type SfItem,
  type SfMember,
  type SfParams,
} from './structured-fields.js'
export { signRequest } from './sign-request.js'
export { signResponse } from './sign-response.js'
export type { VerifiedSignature, VerifyOptions } from './verify-message.js'
export { verifyRequestSignature } from './verify-request.js'
export { verifyResponseSignature } from './verify-response.js'
