// Public face of the gateway configuration.
export * from './gateway-config.js'
export { gatewayConfigSchema } from './gateway-config.schema.js'
export {
  checkGatewayConfig,
  checkListenerLimits,
  gatewayConfigProblems,
} from './check-gateway-config.js'
export { loadGatewayConfig } from './load-gateway-config.js'
