// What the provider side needs at hand for every federation request.
import type { OpenAPIObject } from 'openapi3-ts/oas31'
import type { Logger } from 'pino'
import type { AccessChecker } from '../access/index.js'
import type { AuditLog } from '../audit/index.js'
import type { RateLimitConfig, ServiceConfig } from '../config/index.js'
import type { DirectoryClient } from '../directory/index.js'
import type { ExchangeMetrics } from '../exchange/index.js'
import type { Clock } from '../lib/clock.js'
import type { SigningKey } from '../signing/index.js'
import type { ServiceEndpoint } from '../publication/index.js'
import type { Store } from '../store/index.js'
import type { DataTracker } from '../tracker/index.js'
import type { ContractValidator } from '../validation/index.js'
import type { SiblingQuery } from './ask-siblings.js'
import type { ServiceBackend } from './forward-to-service.js'

export interface PublishedService {
  config: ServiceConfig
  backend: ServiceBackend
  maxBodyBytes: number
  /** Endpoints derived from the contract; empty when the service has none. */
  endpoints: ServiceEndpoint[]
  contract?: OpenAPIObject
  validator: ContractValidator
  /** The request headers its registry may receive, when signed (docs/protocol.md §3.10). */
  registryHeaders: ReadonlySet<string>
}

export interface ProviderContext {
  nodeId: string
  /** This node's federation origin, `https://127.0.0.1:8443`: the signed `@target-uri` prefix. */
  federationOrigin: string
  directory: DirectoryClient
  signingKey: SigningKey
  store: Store
  audit: AuditLog
  /** Fed each exchange once its record is durable, or the log refused it. */
  metrics?: ExchangeMetrics
  /** Notes data subjects for the log and answers findUsage (docs/design.md §5). */
  tracker: DataTracker
  services: Map<string, PublishedService>
  isAllowed: AccessChecker
  skewSeconds: number
  /** The member's other nodes, asked for their part of a data-tracker answer. */
  siblings?: SiblingQuery
  /** The request budget of services that set none. */
  rateLimit: RateLimitConfig
  now: Clock
  logger: Logger
}
