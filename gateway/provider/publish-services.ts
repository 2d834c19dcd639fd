// Turn configured services into published ones: backend pools, contract endpoints, validators.
import { readFile } from 'node:fs/promises'
import type { OpenAPIObject } from 'openapi3-ts/oas31'
import { DEFAULT_SERVICE_TIMEOUT_MS, type ServiceConfig } from '../config/index.js'
import { registryHeaderNames } from '../lib/registry-headers.js'
import { deriveEndpoints, headerParameterNames } from '../publication/index.js'
import { createContractValidator } from '../validation/index.js'
import { createServiceBackend } from './forward-to-service.js'
import type { PublishedService } from './provider-context.js'

/**
 * Publishes each service: its endpoints are derived from its contract (docs/design.md §4), its validator
 * compiled once. Access still needs a grant: publishing opens a service to no one.
 *
 * @example const services = await publishServices(config.services, 10 * 1024 * 1024)
 */
export async function publishServices(
  configs: ServiceConfig[],
  defaultMaxBody: number,
): Promise<Map<string, PublishedService>> {
  const services = new Map<string, PublishedService>()
  for (const config of configs) {
    const contract = config.contract
      ? (JSON.parse(await readFile(config.contract, 'utf8')) as OpenAPIObject)
      : undefined
    services.set(config.id, publishService(config, defaultMaxBody, contract))
  }
  return services
}

/** One service: its backend pool, its endpoints from `contract`, its validator. */
export function publishService(
  config: ServiceConfig,
  defaultMaxBody: number,
  contract: OpenAPIObject | undefined,
): PublishedService {
  const maxBodyBytes = config.maxBodyBytes ?? defaultMaxBody
  const endpoints = contract ? deriveEndpoints(contract, new URL(config.url).pathname) : []
  const backend = createServiceBackend({
    url: config.url,
    timeoutMs: config.timeoutMs ?? DEFAULT_SERVICE_TIMEOUT_MS,
    maxBodyBytes,
  })
  const validator = createContractValidator(
    contract ?? { openapi: '3.1.0', info: { title: '', version: '' } },
    endpoints,
    config.validation ?? 'off',
  )
  const registryHeaders = registryHeaderNames(
    contract ? headerParameterNames(contract, endpoints) : [],
  )
  return { config, backend, maxBodyBytes, endpoints, contract, validator, registryHeaders }
}
