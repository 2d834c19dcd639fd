// Public face of the directory authority and its mirrors (docs/design.md §3).
export {
  createAuthority,
  type Authority,
  type AuthorityOptions,
  type BatchEntry,
  type BatchResult,
  type ChangeResult,
} from './registry/create-authority.js'
export {
  createRegistrations,
  MAX_PENDING_REGISTRATIONS,
  REGISTRATION_ID,
  type RegistrationEntry,
  type Registrations,
  type RegistrationsOptions,
  type RegistrationView,
} from './registry/create-registrations.js'
export {
  openRegistrationStore,
  registrationsFileFor,
  REGISTRATION_STORE_VERSION,
  type RegistrationStatus,
  type RegistrationStore,
  type StoredRegistration,
} from './registry/registration-store.js'
export { checkNodeCertificate, type CheckedCertificate } from './registry/check-node-certificate.js'
export {
  mountRegistrationRoutes,
  type RegistrationRoutesOptions,
} from './api/registration-routes.js'
export {
  federationFolderPaths,
  initFederationFolder,
  readAuthorityConfig,
  registryInitOf,
  type AuthorityConfig,
  type FederationFolderPaths,
  type InitFederationOptions,
} from './federation-folder.js'
export {
  createAuthorityApp,
  DEFAULT_ADMIN_BODY_LIMIT,
  type AuthorityAppOptions,
} from './api/create-authority-app.js'
export {
  startAuthority,
  type RunningAuthority,
  type StartAuthorityOptions,
} from './api/start-authority.js'
export {
  createMirror,
  DEFAULT_MIRROR_MAX_BYTES,
  DEFAULT_MIRROR_POLL_MS,
  type Mirror,
  type MirrorOptions,
  type MirrorPollResult,
} from './mirror/create-mirror.js'
export { startMirror, type RunningMirror, type StartMirrorOptions } from './mirror/start-mirror.js'
export {
  pollSource,
  type PollSourceOptions,
  type PollOutcome,
  type SourceFailure,
} from './mirror/poll-source.js'
export { applyOperation, type AppliedOperation } from './registry/apply-operation.js'
export { parseOperation } from './registry/parse-operation.js'
export {
  ITEM_KINDS,
  OPERATION_FIELDS,
  OPERATION_NAMES,
  isOperationName,
  type Change,
  type ItemKind,
  type Operation,
  type OperationContext,
  type OperationName,
  type OperationOf,
} from './registry/operations.js'
export { buildDirectoryDocument } from './registry/build-directory.js'
export {
  createRegistryState,
  DEFAULT_VALIDITY_SECONDS,
  REGISTRY_STATE_VERSION,
  type ApprovalStatus,
  type CaRecord,
  type GlobalGroupRecord,
  type MemberRecord,
  type NodeRecord,
  type PublicSigningJwk,
  type Registration,
  type RegistryInit,
  type RegistryState,
  type ServiceRecord,
  type SigningKeyRecord,
  type SubsystemRecord,
} from './registry/registry-state.js'
export { loadRegistryState, saveRegistryState } from './registry/state-file.js'
export {
  createChangeLog,
  readChangeRecords,
  verifyChangeLog,
  type ChangeAction,
  type ChangeLog,
  type ChangeRecord,
  type ChangeRecordInput,
} from './registry/change-log.js'
export {
  ADMIN_ROLES,
  ADMIN_TOKEN_ALGORITHM,
  ADMIN_TOKEN_AUDIENCE,
  ADMIN_TOKEN_ISSUER,
  ADMIN_TOKEN_TYPE,
  DEFAULT_ADMIN_TOKEN_TTL_SECONDS,
  adminKeyFileFor,
  createAdminTokenVerifier,
  ensureAdminKey,
  issueAdminToken,
  readAdminKey,
  type AdminPrincipal,
  type AdminRole,
  type AdminTokenVerifier,
  type IssueAdminTokenOptions,
} from './api/admin-tokens.js'
export {
  AuthorityError,
  AUTHORITY_PROBLEM_TYPE_PREFIX,
  PROBLEM_CONTENT_TYPE,
  problemResponse,
  type AuthorityProblem,
} from './authority-error.js'
export { AUTHORITY_ERROR_CODES, type AuthorityErrorCode } from './authority-error-codes.js'
export {
  directoryEtag,
  directoryResponse,
  ifNoneMatchHits,
  JOSE_CONTENT_TYPE,
  type ServedDirectory,
} from './serve-directory.js'
export {
  openWitnessStore,
  witnessFileFor,
  type WitnessRecord,
  type WitnessStore,
} from './witness/witness-store.js'
export {
  mountWitnessRoutes,
  WITNESS_BODY_LIMIT,
  type WitnessRoutesOptions,
} from './witness/witness-routes.js'
export { acceptHead, parseSubmission, type WitnessSubmission } from './witness/witness-check.js'
