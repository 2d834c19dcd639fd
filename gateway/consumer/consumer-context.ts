// What the consumer side needs at hand for every request from a local information system.
import type { Logger } from 'pino'
import type { AuditLog } from '../audit/index.js'
import type { DirectoryClient } from '../directory/index.js'
import type { ExchangeMetrics } from '../exchange/index.js'
import type { Clock } from '../lib/clock.js'
import type { SigningKey } from '../signing/index.js'
import type { AccessTokenClaims, AccessTokenVerifier, TokenIssuer } from '../tokens/index.js'
import type { DataTracker } from '../tracker/index.js'
import type { ContractCache } from './contract-cache.js'
import type { NodeSelector } from './node-selector.js'
import type { ProviderConnections } from '../peers/index.js'

export interface ConsumerContext {
  nodeId: string
  directory: DirectoryClient
  signingKey: SigningKey
  audit: AuditLog
  /** Fed each exchange once its record is durable, or the log refused it. */
  metrics?: ExchangeMetrics
  verifyToken: AccessTokenVerifier
  issueToken: TokenIssuer
  revokeToken: (claims: AccessTokenClaims) => Promise<void>
  connections: ProviderConnections
  selector: NodeSelector
  /** This member's data tracker: hashes data subjects under its own key (docs/design.md §5). */
  tracker: Pick<DataTracker, 'trackRequest' | 'trackBody' | 'trackLookup' | 'trackPersonCodes'>
  /** The providers' contracts as last read through `getOpenAPI`. */
  contracts: ContractCache
  maxBodyBytes: number
  skewSeconds: number
  now: Clock
  logger: Logger
}
