// The configuration of one gateway node, as a file on disk describes it.
import type { Grant } from '../access/index.js'
import type { StoreConfig } from '../store/index.js'

/** A service this gateway publishes: a registry backend behind a service id (docs/design.md §4). */
export interface ServiceConfig {
  /** `KG/GOV/70000001/population/persons`: subsystem + service code. */
  id: string
  /** The backend base URL; the service path is appended to it. */
  url: string
  title?: string
  /** Per-service backend timeout, ms: a total from connecting to the last body byte. */
  timeoutMs?: number
  /** Largest request or response body held for this service, bytes. */
  maxBodyBytes?: number
  /** When set, the service answers `service_disabled` with this notice. */
  disabledNotice?: string
  /** Path of the service's emitted OpenAPI contract: its endpoints and validation come from it. */
  contract?: string
  /** Requests per window each client subsystem may make; the gateway default when absent. */
  rateLimit?: RateLimitConfig
  /** Contract enforcement (docs/design.md §4); `off` when absent. Needs `contract`. */
  validation?: 'off' | 'request' | 'request+response'
}

/** A fixed-window request budget per client subsystem and service (docs/design.md §6). */
export interface RateLimitConfig {
  requests: number
  windowSeconds: number
}

/** The node's message log (docs/design.md §5). */
export interface AuditConfig {
  dir: string
  /** This node's private Ed25519 log key: it signs checkpoints and nothing else. */
  logKeyFile?: string
  /** Sign a checkpoint every this many records… (default 1000) */
  checkpointEvery?: number
  /** …or this often while records wait, ms (default 10 000). */
  checkpointIntervalMs?: number
  /** A witness outside the gateway (the directory authority) that keeps its latest head. */
  witness?: { url: string; intervalMs?: number }
}

/** An information system allowed to get tokens from this gateway. */
export interface ClientConfig {
  subsystem: string
  /** Path of the subsystem's public JWK. */
  publicKeyFile: string
}

/** The data tracker: the member's hashing key and the covert-access embargo. */
export interface TrackerConfig {
  /** The member's tracker key (an `oct` JWK of 32 random bytes), shared by all its nodes. */
  keyFile: string
  /** A global group whose members' access is withheld from citizens during the embargo. */
  covertGroup?: string
  /** Days a covert access stays hidden from citizens (never from auditors); for good if unset. */
  embargoDays?: number
}

export interface ListenConfig {
  host?: string
  consumerPort: number
  federationPort: number
  adminPort?: number
}

export interface LimitsConfig {
  /** Default body limit, bytes (docs/design.md §2: 10 MB). */
  maxBodyBytes?: number
  maxHeaderBytes?: number
  /** Time allowed to receive request headers (slowloris guard), ms. */
  headersTimeoutMs?: number
  /** Time allowed to receive a whole request, ms. */
  requestTimeoutMs?: number
  /** Accepted clock skew for signatures, seconds (docs/design.md §2: ±30 s). */
  clockSkewSeconds?: number
  /** Consumer side: time a provider node has for its whole answer (a total), ms. */
  providerTimeoutMs?: number
  /** The request budget of every service that sets none; the same for every member class. */
  rateLimit?: RateLimitConfig
  /** Most connections each listener holds open at once; more are closed on accept. */
  maxConnections?: ConnectionCaps
}

/** A connection cap per listener (docs/configuration.md, Limits); a missing one takes its default. */
export interface ConnectionCaps {
  consumer?: number
  federation?: number
  admin?: number
}

export interface GatewayConfig {
  /** This node: `KG/COM/10000001/gw1`. */
  nodeId: string
  listen: ListenConfig
  /** This node's federation URL as published in the directory; defaults to the listen address. */
  federationUrl?: string
  tls: { certFile: string; keyFile: string }
  /** The member's private message-signing JWK. */
  signingKeyFile: string
  /** Private ES256 JWK for access tokens; ephemeral when absent. */
  tokenKeyFile?: string
  /** Private ES256 JWK that signs the admin listener's role tokens; ephemeral when absent. */
  adminKeyFile?: string
  directory: {
    /** The trust anchor: the federation's keys and the directory sources (authority, mirrors). */
    anchorFile: string
    /** The last good copy, kept on disk (docs/design.md §3). */
    cacheFile?: string
    /** Poll interval, seconds (default 60). */
    pollSeconds?: number
  }
  clients: ClientConfig[]
  services: ServiceConfig[]
  grants: Grant[]
  audit: AuditConfig
  /** Shared state: the embedded memory store (default) or Redis (docs/redis.md). */
  store?: StoreConfig
  /** The citizens' data tracker (docs/design.md §5); disabled when absent. */
  tracker?: TrackerConfig
  limits?: LimitsConfig
  /**
   * URL prefixes a service published at run time may use as its backend; default: the origins of
   * `services[]` (docs/configuration.md, Publishing at run time).
   */
  publishBackends?: string[]
}

/**
 * Caps sized for their callers: a handful of local information systems, every peer gateway of
 * the federation, a few operators and scrapers (docs/configuration.md, Limits). A config that
 * names some listeners keeps these for the others.
 */
export const DEFAULT_MAX_CONNECTIONS: Required<ConnectionCaps> = {
  consumer: 1024,
  federation: 4096,
  admin: 64,
}

export const DEFAULT_LIMITS: Required<LimitsConfig> = {
  maxBodyBytes: 10 * 1024 * 1024,
  maxHeaderBytes: 16 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  clockSkewSeconds: 30,
  providerTimeoutMs: 60_000,
  rateLimit: { requests: 60_000, windowSeconds: 60 },
  maxConnections: DEFAULT_MAX_CONNECTIONS,
}

export const DEFAULT_SERVICE_TIMEOUT_MS = 30_000
