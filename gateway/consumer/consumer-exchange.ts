// One exchange on the consumer side as it moves from sending to settling: types only, shared by
// the code that completes an exchange and the data tracker's view of it.
import type { RestTarget } from '../identifiers/index.js'
import type { ErrorParts } from '../lib/error-response.js'
import type { ServiceEndpoint } from '../publication/index.js'
import type { FederationRequest, ProviderReply, SentRequest } from './send-to-provider.js'

export interface ConsumerExchange {
  receivedAt: number
  target: RestTarget
  client: string
  providerMember: string
  request: FederationRequest
  sent?: SentRequest
  /** The service's endpoints from its provider's contract, when they are known or being read. */
  contract?: Promise<ServiceEndpoint[] | undefined>
}

export type Outcome = { reply: ProviderReply } | { error: unknown }

/** How a signed exchange ended once it is logged: a verified reply, or the failure to answer. */
export interface Settled {
  reply?: ProviderReply
  failure?: ErrorParts
}
