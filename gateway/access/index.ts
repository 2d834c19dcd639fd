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
export {
  GRANT_METHODS,
  assertConfiguredGrants,
  checkEndpoint,
  checkGrantSyntax,
  checkGrantTargets,
  describeConfiguredGrantProblem,
  describeGrantProblem,
  validateGrant,
  type GrantCheck,
  type GrantProblem,
  type GrantTargets,
} from './validate-grant.js'
