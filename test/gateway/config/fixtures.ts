// A node configuration shaped like the ones `npm start` writes into .kopuro/gateways/.
import type { GatewayConfig } from '#gateway/config/index.js'

export const MEMBER = 'KG/GOV/70000001'
export const NODE = `${MEMBER}/gw1`
export const PERSONS = `${MEMBER}/population/persons`
export const KYC_APP = 'KG/COM/10000001/kyc-app'

/**
 * Every block the sandbox writes (relative paths, as an operator would), plus the optional
 * blocks it leaves out: a Redis store through Sentinel, limits and the run-time backend list.
 */
export function sandboxStyleConfig(): GatewayConfig {
  return {
    nodeId: NODE,
    listen: { host: '127.0.0.1', consumerPort: 8080, federationPort: 8443, adminPort: 8081 },
    federationUrl: 'https://127.0.0.1:8443',
    tls: { certFile: 'pki/gw1-chain.pem', keyFile: 'pki/gw1-key.pem' },
    signingKeyFile: 'pki/signing.private.jwk.json',
    tokenKeyFile: 'keys/token.private.jwk.json',
    adminKeyFile: 'keys/admin.private.jwk.json',
    directory: {
      anchorFile: 'anchor.json',
      cacheFile: 'directory-cache/gw1.jws',
      pollSeconds: 60,
    },
    clients: [
      { subsystem: `${MEMBER}/population`, publicKeyFile: 'pki/population.public.jwk.json' },
    ],
    services: [
      {
        id: PERSONS,
        url: 'http://127.0.0.1:4001/persons',
        title: 'Population register',
        timeoutMs: 30_000,
        maxBodyBytes: 1024 * 1024,
        contract: 'contracts/population.json',
        validation: 'request+response',
        disabledNotice: 'closed for maintenance',
        rateLimit: { requests: 600, windowSeconds: 60 },
      },
    ],
    grants: [
      { subject: KYC_APP, service: PERSONS, endpoints: [{ method: 'GET', path: '/*' }] },
      { subject: 'KG/GOV/70000009/portal', service: `${MEMBER}/population/findUsage` },
    ],
    audit: {
      dir: 'audit/gw1',
      logKeyFile: 'keys/gw1-log.private.jwk.json',
      checkpointEvery: 1000,
      checkpointIntervalMs: 10_000,
      witness: { url: 'http://127.0.0.1:4000', intervalMs: 5000 },
    },
    tracker: { keyFile: 'keys/tracker.jwk.json', covertGroup: 'security', embargoDays: 365 },
    store: {
      kind: 'redis',
      sentinel: { sentinels: [{ host: '10.0.0.7', port: 26379 }], name: 'kopuro' },
      keyPrefix: `kopuro:${MEMBER}:`,
      commandTimeoutMs: 500,
      connectTimeoutMs: 2000,
    },
    limits: {
      maxBodyBytes: 10 * 1024 * 1024,
      maxHeaderBytes: 16 * 1024,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 60_000,
      clockSkewSeconds: 30,
      providerTimeoutMs: 60_000,
      rateLimit: { requests: 60_000, windowSeconds: 60 },
      maxConnections: { consumer: 1024, federation: 4096, admin: 64 },
    },
    publishBackends: ['http://127.0.0.1:4001/'],
  }
}
