// A node folder in the layout `kopuro init` makes (keys, CSR, node.json, gateway.json, anchor.json),
// built with the certs/ code, for tests of `register` and the authority's registration API.
import { randomBytes } from 'node:crypto'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCertificateRequest, createSigningKey } from '#certs/index.js'
import type { DirectoryAnchor } from '#gateway/directory/index.js'
import { nodeFolderPaths, type NodeFolderPaths } from '#gateway/directory/registration/index.js'
import { makePrivateDir, PRIVATE_FILE_MODE } from '#gateway/lib/private-files.js'

export interface NodeFolderOptions {
  member: string
  node: string
  host: string
  memberName?: string
  /** The federation's anchor, copied into the folder. */
  anchor?: DirectoryAnchor
  federationPort?: number
  /** Client subsystem codes (`clients/` and gateway.json's clients). */
  clients?: string[]
  /** Services the node publishes: `{ id, title }`. */
  services?: { id: string; title: string }[]
  /** The CSR's CN, when a test needs one that does not match the node. */
  commonName?: string
  /** The CSR's subjectAltName hosts, when a test needs others than `host`. */
  csrHosts?: string[]
  /** The folder; a fresh temporary one when absent. */
  dir?: string
}

export interface NodeFolder {
  dir: string
  paths: NodeFolderPaths
  nodeId: string
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`

/**
 * Writes a whole node folder: owner-only folders, private keys 0600, the CSR signed by the TLS
 * key (CN `<member>/<node>`, subjectAltName `<host>`), and a gateway.json whose relative paths
 * point into the folder.
 *
 * @example const folder = await createNodeFolder({ member: 'KG/COM/10000003', node: 'gw1', host: '127.0.0.30', anchor })
 */
export async function createNodeFolder(options: NodeFolderOptions): Promise<NodeFolder> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'kopuro-node-')))
  const paths = nodeFolderPaths(dir)
  await makePrivateDir(paths.keysDir)
  await makePrivateDir(paths.clientsDir)
  await makePrivateDir(paths.auditDir)
  const write = (file: string, data: string) => writeFile(file, data, { mode: PRIVATE_FILE_MODE })
  const nodeId = `${options.member}/${options.node}`
  const tls = await createCertificateRequest({
    commonName: options.commonName ?? nodeId,
    hosts: options.csrHosts ?? [options.host],
  })
  await write(paths.tlsKey, tls.keyPem)
  await write(paths.tlsCsr, tls.csrPem)
  await write(paths.signingKey, json((await createSigningKey({ alg: 'EdDSA' })).privateJwk))
  await write(paths.tokenKey, json((await createSigningKey({ alg: 'ES256' })).privateJwk))
  await write(paths.adminKey, json((await createSigningKey({ alg: 'ES256' })).privateJwk))
  await write(paths.logKey, json((await createSigningKey({ alg: 'EdDSA' })).privateJwk))
  await write(paths.trackerKey, json({ kty: 'oct', k: randomBytes(32).toString('base64url') }))
  const clients = []
  for (const code of options.clients ?? []) {
    const file = `clients/${`${options.member}/${code}`.replaceAll('/', '_')}.public.jwk.json`
    await write(join(dir, file), json((await createSigningKey({ alg: 'ES256' })).publicJwk))
    clients.push({ subsystem: `${options.member}/${code}`, publicKeyFile: file })
  }
  const federationPort = options.federationPort ?? 5501
  const host = options.host.includes(':') ? `[${options.host}]` : options.host
  await write(
    paths.node,
    json({
      member: options.member,
      node: options.node,
      host: options.host,
      ...(options.memberName !== undefined && { memberName: options.memberName }),
    }),
  )
  await write(paths.anchor, json(options.anchor ?? { instance: 'KG', keys: [], sources: [] }))
  await write(
    paths.gatewayConfig,
    json({
      nodeId,
      listen: { host: options.host, consumerPort: 5500, federationPort, adminPort: 5502 },
      federationUrl: `https://${host}:${federationPort}`,
      tls: { certFile: 'keys/tls.crt.pem', keyFile: 'keys/tls.key.pem' },
      signingKeyFile: 'keys/signing.private.jwk.json',
      tokenKeyFile: 'keys/token.private.jwk.json',
      adminKeyFile: 'keys/admin.private.jwk.json',
      directory: { anchorFile: 'anchor.json', cacheFile: 'directory-cache.jws' },
      clients,
      services: (options.services ?? []).map((s) => ({ ...s, url: 'http://127.0.0.1:9/' })),
      grants: [],
      audit: { dir: 'audit', logKeyFile: 'keys/log.private.jwk.json' },
      tracker: { keyFile: 'keys/tracker.key' },
    }),
  )
  return { dir, paths, nodeId }
}
