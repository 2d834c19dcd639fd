// What the consumer's record keeps of the person a request is about (docs/design.md §5).
import { isMetaservice, subsystemOf } from '../identifiers/index.js'
import {
  FIND_USAGE_SERVICE_CODE,
  type RequestToTrack,
  type TrackedRequest,
} from '../tracker/index.js'
import type { ConsumerContext } from './consumer-context.js'
import type { ConsumerExchange } from './consumer-exchange.js'

/**
 * The consumer applies its provider's published contract as the provider does: the operation's
 * data subject (`x-kopuro-data-subject`) becomes a keyed hash under this member's own tracker key,
 * and every personal code of the request reads `{pin}` in the record. A data-tracker lookup
 * treats the asking citizen (`X-Road-UserId`) and `userCode` alike. Without the contract the
 * shape rule alone decides (`trackPersonCodes`), so the record never waits on it to be private.
 *
 * @example const tracked = await trackConsumerExchange(ctx, exchange)
 */
export async function trackConsumerExchange(
  ctx: ConsumerContext,
  exchange: ConsumerExchange,
): Promise<TrackedRequest> {
  const request = requestToTrack(exchange)
  let tracked: TrackedRequest | undefined
  try {
    tracked = await trackByContract(ctx, exchange, request)
  } catch (e) {
    // A contract that cannot be applied must not cost the record: the shape rule still holds.
    ctx.logger.warn(
      { err: e, service: exchange.target.serviceId },
      'contract not applied to record',
    )
    tracked = undefined
  }
  return ctx.tracker.trackPersonCodes(tracked, request)
}

/** The parts of the request the data tracker reads, as the provider will receive them. */
export function requestToTrack(exchange: ConsumerExchange): RequestToTrack {
  return {
    method: exchange.request.method,
    path: exchange.target.path,
    query: exchange.target.query,
    issue: exchange.request.headers['x-road-issue'],
  }
}

async function trackByContract(
  ctx: ConsumerContext,
  exchange: ConsumerExchange,
  request: RequestToTrack,
): Promise<TrackedRequest | undefined> {
  const code = exchange.target.service.serviceCode
  if (code === FIND_USAGE_SERVICE_CODE) {
    return ctx.tracker.trackLookup({
      ...request,
      subsystem: subsystemOf(exchange.target.serviceId),
      userId: exchange.request.headers['x-road-userid'],
    })
  }
  if (isMetaservice(code)) return undefined
  const endpoints = await exchange.contract
  if (!endpoints) return undefined
  const tracked = ctx.tracker.trackRequest(endpoints, request)
  if (tracked) {
    const type = exchange.request.headers['content-type']
    ctx.tracker.trackBody(tracked, type, exchange.request.body)
  }
  return tracked
}
