// The providers' published contracts as the consumer side last read them (docs/design.md §5).
import type { Clock } from '../lib/clock.js'
import type { ServiceEndpoint } from '../publication/index.js'

/** How long a contract read from its provider is used before it is asked for again. */
export const CONTRACT_TTL_MS = 10 * 60 * 1000
/** How long a provider that could not give a contract is left alone before it is asked again. */
export const CONTRACT_RETRY_MS = 60 * 1000

export interface ContractCache {
  /** The service's endpoints as held now, without asking anyone; undefined when none are. */
  held(serviceId: string): ServiceEndpoint[] | undefined
  /**
   * The endpoints held, else those `ask` reads from the provider (one ask per service at a time);
   * undefined when it fails. Never rejects: a missing contract leaves the shape rule alone.
   */
  load(
    serviceId: string,
    ask: () => Promise<ServiceEndpoint[]>,
  ): Promise<ServiceEndpoint[] | undefined>
}

export interface ContractCacheOptions {
  now: Clock
  ttlMs?: number
  retryMs?: number
}

interface Entry {
  endpoints: ServiceEndpoint[] | undefined
  until: number
}

/**
 * An in-memory cache of each service's endpoints with their data subjects
 * (`x-kopuro-data-subject`), so the consumer's record keeps out the same personal codes as the
 * provider's. A failure is remembered for `retryMs`, so a provider without a contract is not
 * asked on every request.
 *
 * @example
 * const contracts = createContractCache({ now: Date.now })
 * const endpoints = await contracts.load(serviceId, () => fetchServiceEndpoints(…))
 */
export function createContractCache(options: ContractCacheOptions): ContractCache {
  const ttlMs = options.ttlMs ?? CONTRACT_TTL_MS
  const retryMs = options.retryMs ?? CONTRACT_RETRY_MS
  const entries = new Map<string, Entry>()
  const pending = new Map<string, Promise<ServiceEndpoint[] | undefined>>()
  const fresh = (serviceId: string): Entry | undefined => {
    const entry = entries.get(serviceId)
    return entry && entry.until > options.now() ? entry : undefined
  }
  const ask = async (serviceId: string, read: () => Promise<ServiceEndpoint[]>) => {
    let endpoints: ServiceEndpoint[] | undefined
    try {
      endpoints = await read()
    } catch {
      endpoints = undefined
    }
    entries.set(serviceId, { endpoints, until: options.now() + (endpoints ? ttlMs : retryMs) })
    return endpoints
  }
  return {
    held: (serviceId) => fresh(serviceId)?.endpoints,
    load(serviceId, read) {
      const entry = fresh(serviceId)
      if (entry) return Promise.resolve(entry.endpoints)
      let asking = pending.get(serviceId)
      if (!asking) {
        asking = ask(serviceId, read).finally(() => pending.delete(serviceId))
        pending.set(serviceId, asking)
      }
      return asking
    },
  }
}
