// Public face of the mutual-TLS connections to other members' gateway nodes, used by the
// consumer side to reach providers and by a provider to ask its sibling nodes.
export {
  createProviderConnections,
  type ProviderConnections,
  type ProviderConnectionsOptions,
} from './provider-connections.js'
