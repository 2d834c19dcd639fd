// Public face of the registration request, shared by the member's `register` and the authority
// (docs/protocol.md §5.6). It imports nothing of the authority.
export {
  MAX_REGISTRATION_BYTES,
  MAX_REGISTRATION_SERVICES,
  MAX_REGISTRATION_SUBSYSTEMS,
  REGISTRATION_JWS_TYPE,
  REGISTRATION_SKEW_SECONDS,
  RegistrationRequestError,
  type PublicEd25519Jwk,
  type RegistrationPayload,
  type RegistrationRequestCode,
} from './registration-request.js'
export {
  signRegistrationRequest,
  type RegistrationInput,
  type SignedRegistrationRequest,
} from './sign-registration-request.js'
export {
  checkRegistrationContent,
  verifyRegistrationRequest,
  verifyRegistrationSignature,
  type RegistrationCheckOptions,
  type SignedRegistration,
  type VerifiedRegistration,
} from './verify-registration-request.js'
export {
  NodeFolderError,
  nodeFolderPaths,
  openRegistrationRequest,
  readJson,
  readNodeDescription,
  type NodeDescription,
  type NodeFolderPaths,
  type NodeRegistrationRequest,
} from './node-folder.js'
