// Public face of service publication: endpoints derived from contracts.
export {
  deriveEndpoints,
  escapePointer,
  matchEndpoint,
  type EndpointParameter,
  type ServiceEndpoint,
} from './derive-endpoints.js'
export { headerParameterNames } from './header-parameters.js'
