// Public face of service publication: endpoints derived from contracts.
export {
  deriveEndpoints,
  escapePointer,
  matchEndpoint,
  type ServiceEndpoint,
} from './derive-endpoints.js'
