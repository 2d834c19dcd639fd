// Prometheus metrics of one gateway node: exchanges, latency, sizes, message log, directory, TLS.
import { X509Certificate } from 'node:crypto'
import { Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { AuditLog, AuditRecordInput } from '../audit/index.js'
import type { DirectoryClient, DirectoryView } from '../directory/index.js'
import { isMetaservice, parseServiceId, subsystemOf } from '../identifiers/index.js'
import type { Clock } from '../lib/clock.js'
import { ERROR_CODES } from '../lib/error-codes.js'

export interface GatewayMetricsOptions {
  nodeId: string
  audit: AuditLog
  directory: DirectoryClient
  /** The node's TLS certificate (PEM), for its expiry. */
  certificatePem: string
  now: Clock
}

export interface GatewayMetrics {
  registry: Registry
  /** Counts one exchange from its message-log record: ids, outcome, duration and sizes only. */
  observe(record: AuditRecordInput): void
}

/** The one label value every subsystem or service the directory does not list counts under. */
export const OTHER_LABEL = 'other'

const SIZE_BUCKETS = [128, 1024, 8192, 65_536, 524_288, 4_194_304]
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10]

/**
 * Creates the node's metrics. Labels carry identifiers only (client and service ids, side,
 * outcome): never a path, a query or a person's code, so nothing personal reaches a scrape.
 * Only ids the directory registers are labels; any other is `other`, so a caller inventing ids
 * cannot grow the number of series (docs/operations.md, Metrics).
 *
 * @example const metrics = createGatewayMetrics({ nodeId, audit, directory, certificatePem, now })
 */
export function createGatewayMetrics(options: GatewayMetricsOptions): GatewayMetrics {
  const registry = new Registry()
  registry.setDefaultLabels({ node: options.nodeId })
  const labels = ['side', 'client', 'service', 'outcome'] as const
  const exchanges = new Counter({
    name: 'kopuro_exchanges_total',
    help: 'Exchanges by side, client, service and outcome',
    labelNames: labels,
    registers: [registry],
  })
  const duration = new Histogram({
    name: 'kopuro_exchange_duration_seconds',
    help: 'Time from request received to response released',
    labelNames: labels,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  })
  const bytes = new Histogram({
    name: 'kopuro_body_bytes',
    help: 'Request and response body sizes',
    labelNames: ['side', 'service', 'direction'],
    buckets: SIZE_BUCKETS,
    registers: [registry],
  })
  gauges(registry, options)
  return {
    registry,
    observe(record) {
      const view = options.directory.held()
      const service = registeredService(view, record.service)
      const l = {
        side: record.side,
        client: view.hasSubsystem(record.client) ? record.client : OTHER_LABEL,
        service,
        outcome: outcomeOf(record),
      }
      exchanges.inc(l)
      duration.observe(l, record.timings.durationMs / 1000)
      bytes.observe({ side: record.side, service, direction: 'request' }, record.sizes.request)
      bytes.observe({ side: record.side, service, direction: 'response' }, record.sizes.response)
    },
  }
}

/** Sampled at scrape time: message log commit latency and queue, directory serial and age, TLS expiry. */
function gauges(registry: Registry, o: GatewayMetricsOptions): void {
  const notAfter = Date.parse(new X509Certificate(o.certificatePem).validTo)
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read())
      },
    })
  gauge(
    'kopuro_audit_commit_seconds',
    'Duration of the last message-log write + fsync',
    () => o.audit.stats().lastCommitMs / 1000,
  )
  gauge(
    'kopuro_audit_queue_depth',
    'Records accepted but not yet durable',
    () => o.audit.stats().pending,
  )
  gauge('kopuro_audit_failed', '1 when the message log can no longer be written', () =>
    o.audit.stats().failed ? 1 : 0,
  )
  gauge(
    'kopuro_directory_serial',
    'Serial of the directory held',
    () => o.directory.status().serial,
  )
  gauge(
    'kopuro_directory_age_seconds',
    'Age of the directory held',
    () => o.directory.status().ageMs / 1000,
  )
  gauge('kopuro_directory_valid', '1 while the directory held is valid', () =>
    o.directory.status().valid ? 1 : 0,
  )
  gauge(
    'kopuro_tls_certificate_expiry_seconds',
    'Seconds until the node certificate expires',
    () => (notAfter - o.now()) / 1000,
  )
}

/** A catalogue service, or a metaservice of a registered subsystem (a bounded set of codes). */
function registeredService(view: DirectoryView, id: string): string {
  if (view.service(id)) return id
  const code = parseServiceId(id)?.serviceCode
  const meta = code !== undefined && isMetaservice(code) && view.hasSubsystem(subsystemOf(id))
  return meta ? id : OTHER_LABEL
}

/** A code of the error table, else the status class: a peer's own `X-Road-Error` is no label. */
function outcomeOf(record: AuditRecordInput): string {
  if (record.error !== undefined && Object.hasOwn(ERROR_CODES, record.error)) return record.error
  const status = record.status
  const known = Number.isInteger(status) && status >= 100 && status <= 599
  return known ? `${Math.floor(status / 100)}xx` : OTHER_LABEL
}
