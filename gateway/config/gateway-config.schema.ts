// The JSON Schema (draft 2020-12) of a gateway node's configuration file: its shape, key by key.
import type { EndpointRule, Grant } from '../access/index.js'
import { IDENTIFIER_PART_PATTERN } from '../identifiers/index.js'
import type { RedisAddress, RedisStoreConfig } from '../store/index.js'
import type {
  AuditConfig,
  ClientConfig,
  ConnectionCaps,
  GatewayConfig,
  LimitsConfig,
  ListenConfig,
  RateLimitConfig,
  ServiceConfig,
  TrackerConfig,
} from './gateway-config.js'

/**
 * An object schema whose `properties` name exactly the keys of `T`, no more and no fewer, and
 * which refuses any other key: the schema and the TypeScript interfaces cannot drift apart
 * without `tsc` saying so.
 */
type ObjectSchema<T> = {
  type: 'object'
  properties: { [K in keyof T]-?: object }
  required?: readonly (keyof T)[]
  additionalProperties: false
  description?: string
}

/** An identifier of `parts` parts in X-Road's character set, `A/B/C/D` (docs/design.md §1). */
function identifier(parts: number, description: string) {
  const part = IDENTIFIER_PART_PATTERN
  return {
    type: 'string',
    pattern: `^${part}${`/${part}`.repeat(parts - 1)}$`,
    description,
  } as const
}

const nodeId = identifier(4, 'a node id INSTANCE/CLASS/MEMBER/NODE')
const subsystemId = identifier(4, 'a subsystem id INSTANCE/CLASS/MEMBER/SUBSYSTEM')
const serviceId = identifier(5, 'a service id INSTANCE/CLASS/MEMBER/SUBSYSTEM/CODE')

const file = { type: 'string', minLength: 1 } as const
const text = { type: 'string' } as const
const port = { type: 'integer', minimum: 1, maximum: 65535 } as const
/** Counts, bytes and milliseconds: Node and the log take whole numbers from 1. */
const positive = { type: 'integer', minimum: 1 } as const
const httpUrl = {
  type: 'string',
  format: 'uri',
  pattern: '^https?://',
  description: 'an http:// or https:// URL',
} as const

const rateLimit = {
  type: 'object',
  properties: { requests: positive, windowSeconds: positive },
  required: ['requests', 'windowSeconds'],
  additionalProperties: false,
} as const satisfies ObjectSchema<RateLimitConfig>

const listen = {
  type: 'object',
  properties: {
    host: { type: 'string', minLength: 1 },
    consumerPort: port,
    federationPort: port,
    adminPort: port,
  },
  required: ['consumerPort', 'federationPort'],
  additionalProperties: false,
} as const satisfies ObjectSchema<ListenConfig>

const tls = {
  type: 'object',
  properties: { certFile: file, keyFile: file },
  required: ['certFile', 'keyFile'],
  additionalProperties: false,
} as const satisfies ObjectSchema<GatewayConfig['tls']>

const directory = {
  type: 'object',
  properties: {
    anchorFile: file,
    cacheFile: file,
    // Seconds, and a fraction is a shorter poll (tests poll every 0.2 s).
    pollSeconds: { type: 'number', exclusiveMinimum: 0 },
  },
  required: ['anchorFile'],
  additionalProperties: false,
} as const satisfies ObjectSchema<GatewayConfig['directory']>

const client = {
  type: 'object',
  properties: { subsystem: subsystemId, publicKeyFile: file },
  required: ['subsystem', 'publicKeyFile'],
  additionalProperties: false,
} as const satisfies ObjectSchema<ClientConfig>

const service = {
  type: 'object',
  properties: {
    id: serviceId,
    url: httpUrl,
    title: text,
    timeoutMs: positive,
    maxBodyBytes: positive,
    disabledNotice: text,
    contract: file,
    rateLimit,
    validation: { enum: ['off', 'request', 'request+response'] },
  },
  required: ['id', 'url'],
  additionalProperties: false,
} as const satisfies ObjectSchema<ServiceConfig>

// The endpoint's method and glob are checked by the one grant check (checkGrantSyntax), which
// every entry point shares (docs/configuration.md, Grant checks): here only their types.
const endpoint = {
  type: 'object',
  properties: { method: text, path: text },
  required: ['method', 'path'],
  additionalProperties: false,
} as const satisfies ObjectSchema<EndpointRule>

const grant = {
  type: 'object',
  properties: {
    subject: subsystemId,
    service: serviceId,
    endpoints: { type: 'array', items: endpoint },
  },
  required: ['subject', 'service'],
  additionalProperties: false,
} as const satisfies ObjectSchema<Grant>

const witness = {
  type: 'object',
  properties: { url: httpUrl, intervalMs: positive },
  required: ['url'],
  additionalProperties: false,
} as const satisfies ObjectSchema<NonNullable<AuditConfig['witness']>>

const audit = {
  type: 'object',
  properties: {
    dir: file,
    logKeyFile: file,
    checkpointEvery: positive,
    checkpointIntervalMs: positive,
    witness,
  },
  required: ['dir'],
  additionalProperties: false,
} as const satisfies ObjectSchema<AuditConfig>

const redisAddress = {
  type: 'object',
  properties: { host: { type: 'string', minLength: 1 }, port },
  required: ['host', 'port'],
  additionalProperties: false,
} as const satisfies ObjectSchema<RedisAddress>

const redisStore = {
  type: 'object',
  properties: {
    // `kind` itself is checked once, by the enum of `store`.
    kind: {},
    url: {
      type: 'string',
      pattern: '^rediss?://',
      description: 'a redis:// or rediss:// URL',
    },
    sentinel: {
      type: 'object',
      properties: {
        sentinels: { type: 'array', items: redisAddress, minItems: 1 },
        name: { type: 'string', minLength: 1 },
        password: text,
      },
      required: ['sentinels', 'name'],
      additionalProperties: false,
    } satisfies ObjectSchema<NonNullable<RedisStoreConfig['sentinel']>>,
    cluster: {
      type: 'object',
      properties: { nodes: { type: 'array', items: redisAddress, minItems: 1 } },
      required: ['nodes'],
      additionalProperties: false,
    } satisfies ObjectSchema<NonNullable<RedisStoreConfig['cluster']>>,
    username: text,
    password: text,
    tls: { type: 'boolean' },
    keyPrefix: text,
    commandTimeoutMs: { type: 'number', exclusiveMinimum: 0 },
    connectTimeoutMs: { type: 'number', exclusiveMinimum: 0 },
  },
  additionalProperties: false,
} as const satisfies ObjectSchema<RedisStoreConfig>

const memoryStore = {
  type: 'object',
  properties: { kind: {} },
  additionalProperties: false,
} as const satisfies ObjectSchema<{ kind: 'memory' }>

/** `{ "kind": "memory" }` or a Redis block (docs/redis.md): which keys are allowed follows `kind`. */
const store = {
  type: 'object',
  properties: { kind: { enum: ['memory', 'redis'] } },
  required: ['kind'],
  if: { type: 'object', properties: { kind: { const: 'memory' } }, required: ['kind'] },
  then: memoryStore,
  else: redisStore,
} as const

const tracker = {
  type: 'object',
  properties: {
    keyFile: file,
    covertGroup: { type: 'string', minLength: 1 },
    embargoDays: { type: 'number', minimum: 0 },
  },
  required: ['keyFile'],
  additionalProperties: false,
} as const satisfies ObjectSchema<TrackerConfig>

const maxConnections = {
  type: 'object',
  properties: { consumer: positive, federation: positive, admin: positive },
  additionalProperties: false,
} as const satisfies ObjectSchema<ConnectionCaps>

/** The `limits` block; `checkListenerLimits` validates it alone for configs built in code. */
export const limitsSchema = {
  type: 'object',
  properties: {
    maxBodyBytes: positive,
    maxHeaderBytes: positive,
    headersTimeoutMs: positive,
    requestTimeoutMs: positive,
    clockSkewSeconds: { type: 'integer', minimum: 0 },
    providerTimeoutMs: positive,
    rateLimit,
    maxConnections,
  },
  additionalProperties: false,
} as const satisfies ObjectSchema<LimitsConfig>

/**
 * A gateway node's configuration file (docs/configuration.md). Relative file paths are allowed
 * and resolved by the loader; checks that join several keys (a service of this node's member,
 * a grant of a configured service) follow the schema in `checkGatewayConfig`.
 */
export const gatewayConfigSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:kopuro:gateway-config',
  type: 'object',
  properties: {
    nodeId,
    listen,
    federationUrl: {
      type: 'string',
      format: 'uri',
      pattern: '^https://',
      description: 'an https:// URL',
    },
    tls,
    signingKeyFile: file,
    tokenKeyFile: file,
    adminKeyFile: file,
    directory,
    clients: { type: 'array', items: client },
    services: { type: 'array', items: service },
    grants: { type: 'array', items: grant },
    audit,
    store,
    tracker,
    limits: limitsSchema,
    publishBackends: { type: 'array', items: httpUrl },
  },
  required: [
    'nodeId',
    'listen',
    'tls',
    'signingKeyFile',
    'directory',
    'clients',
    'services',
    'grants',
    'audit',
  ],
  additionalProperties: false,
} as const satisfies ObjectSchema<GatewayConfig> & { $schema: string; $id: string }
