// Public face of the directory stage.
export type * from './directory-document.js'
export { signDirectory, DIRECTORY_JWS_TYPE } from './sign-directory.js'
export { verifyDirectory, type VerifyDirectoryOptions } from './verify-directory.js'
export {
  createDirectoryView,
  type DirectoryView,
  type PublishedKey,
  type RegisteredNode,
} from './directory-view.js'
export { lookupMemberKey } from './lookup-member-key.js'
export {
  startDirectoryClient,
  type DirectoryClient,
  type DirectoryClientOptions,
  type DirectoryStatus,
  type SourceRefusal,
} from './directory-client.js'
export {
  DirectorySourceError,
  fetchDirectory,
  MAX_DIRECTORY_BYTES,
  type FetchDirectoryOptions,
  type FetchLike,
  type FetchedDirectory,
  type SourceFailure,
} from './fetch-directory.js'
