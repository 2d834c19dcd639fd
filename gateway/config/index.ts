// Public face of the gateway configuration.
export * from './gateway-config.js'
export {
  loadGatewayConfig,
  checkGatewayConfig,
  checkListenerLimits,
} from './load-gateway-config.js'
