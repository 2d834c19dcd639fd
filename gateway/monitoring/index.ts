// Public face of operational monitoring.
export {
  createGatewayMetrics,
  type GatewayMetrics,
  type GatewayMetricsOptions,
} from './gateway-metrics.js'
