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
  createDirectoryClient,
  type DirectoryClient,
  type DirectoryClientOptions,
  type DirectoryStatus,
} from './directory-client.js'
export { fetchDirectory, type FetchLike, type FetchedDirectory } from './fetch-directory.js'
