// Public face of the exchange rules both sides share: the plain request, the record, log-then-release.
export {
  createExchangeRecord,
  type ExchangeFacts,
  type ExchangeRecord,
  type SignatureParts,
} from './exchange-record.js'
export { inboundRequestOf, type InboundRequest, type PeerConnection } from './inbound-request.js'
export {
  logBeforeRelease,
  type ExchangeLog,
  type ExchangeMetrics,
  type Logged,
} from './log-before-release.js'
