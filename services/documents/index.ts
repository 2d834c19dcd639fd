// Public face of the civil documents register service (service code `certificates`).

export { createDocumentsApp, MAX_BODY_BYTES, type DocumentsAppOptions } from './app.js'
export {
  DEFAULT_DOCUMENTS_PORT,
  startDocumentsServer,
  type DocumentsServerOptions,
} from './server.js'
export {
  CERTIFICATE_LANGUAGES,
  CERTIFICATE_TYPES,
  DEFAULT_LANGUAGE,
  ISSUER,
  MAX_PURPOSE_LENGTH,
  VALIDITY_DAYS,
  type BirthContent,
  type Certificate,
  type CertificateContent,
  type CertificateLanguage,
  type CertificateRequest,
  type CertificateType,
  type NoCriminalRecordContent,
  type ResidenceContent,
} from './certificate.js'
export {
  CERTIFICATE_ID_PATTERN,
  CERTIFICATE_ID_PREFIX,
  isCertificateId,
  randomCertificateId,
} from './certificate-id.js'
export { canonicalJson, computeCertificateDigest, verifyCertificateDigest } from './digest.js'
export {
  AGE_OF_RESPONSIBILITY,
  createCriminalRecordCheck,
  RECORD_SHARE,
  type CriminalRecordCheck,
} from './criminal-records.js'
export { createSampleCertificates } from './sample-certificates.js'
export { PURPOSE_PATTERN } from './issue-request.js'
export { DEFAULT_LIMIT, MAX_LIMIT, MAX_PAGE } from './list-query.js'
export type { CertificateFilter, Page } from './certificate-store.js'
export {
  BODY_TOO_LARGE,
  CERTIFICATE_NOT_FOUND,
  CERTIFICATE_REFUSED,
  IDEMPOTENCY_PROBLEMS,
  INVALID_BODY,
  INVALID_CERTIFICATE_ID,
  INVALID_QUERY,
  PERSON_DECEASED,
  PERSON_NOT_FOUND,
  UNSUPPORTED_MEDIA_TYPE,
} from './problems.js'
