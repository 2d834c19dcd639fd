// Public face of the access stage.
export { normaliseServicePath, type NormalisedPath } from './normalise-path.js'
export {
  createAccessChecker,
  matchGlob,
  type AccessChecker,
  type AccessRequest,
  type EndpointRule,
  type Grant,
} from './grants.js'
export { createAccessPolicy, type AccessPolicy } from './access-policy.js'
