// Public face of the consumer side.
export { createConsumerApp } from './create-consumer-app.js'
export type { ConsumerContext } from './consumer-context.js'
export {
  createContractCache,
  type ContractCache,
  type ContractCacheOptions,
} from './contract-cache.js'
export {
  createProviderConnections,
  type ProviderConnections,
  type ProviderConnectionsOptions,
} from '../peers/index.js'
export { createNodeSelector, type NodeSelector, type NodeSelectorOptions } from './node-selector.js'
