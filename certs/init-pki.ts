// Generates a federation's whole PKI into one directory, idempotently, and writes its manifest.
import { makePrivateDir, tightenPrivateTree } from '../gateway/lib/private-files.js'
import type { CertificateAuthority } from './create-root-ca.js'
import { DEFAULT_NODE_HOSTNAMES } from './issue-node-certificate.js'
import { ensureNodeCertificate } from './lib/ensure-node-certificate.js'
import { ensureRootCa } from './lib/ensure-root-ca.js'
import { ensureSigningKey } from './lib/ensure-signing-key.js'
import { writePublicFile } from './lib/files.js'
import type { PkiLayout, PkiMemberLayout } from './pki-layout.js'
import { validatePkiLayout } from './pki-layout.js'
import { PKI_MANIFEST_VERSION } from './pki-manifest.js'
import type { PkiManifest, PkiMemberEntry } from './pki-manifest.js'
import { PKI_RELATIVE_PATHS, manifestPath } from './pki-paths.js'

export interface InitPkiOptions {
  now?: Date
  /** Called with one line per item: created, kept or reissued. */
  onProgress?: (step: string) => void
}

interface InitContext {
  dir: string
  ca: CertificateAuthority
  now: Date
  progress: (step: string) => void
}

/**
 * Creates whatever the layout needs and is missing under `dir` (root CA, EdDSA directory key,
 * ES256 member signing keys, node TLS certificates, client keys) and writes `dir/pki.json`.
 * Existing keys are kept, so running it again, or after adding a member, changes nothing else.
 * A node certificate is reissued only when it no longer fits (other root, hostnames, expired).
 *
 * @example
 * const manifest = await initPki('.kopuro/pki', DEFAULT_SANDBOX_LAYOUT)
 * manifest.members[0]?.nodes[0]?.fingerprint256 // what the directory publishes for that node
 */
export async function initPki(
  dir: string,
  layout: PkiLayout,
  options: InitPkiOptions = {},
): Promise<PkiManifest> {
  validatePkiLayout(layout)
  const now = options.now ?? new Date()
  const progress = options.onProgress ?? (() => {})
  // Owner-only (an older, wider one is narrowed): it holds the federation's private keys.
  if ((await makePrivateDir(dir)) === undefined) await tightenPrivateTree(dir, isPrivateKeyFile)
  const root = await ensureRootCa(dir, layout.instance, now, progress)
  const directoryKey = await ensureSigningKey({
    dir,
    files: PKI_RELATIVE_PATHS.directoryKey(),
    alg: 'EdDSA',
    label: 'federation directory key',
    progress,
  })
  const context: InitContext = { dir, ca: root.ca, now, progress }
  const members: PkiMemberEntry[] = []
  for (const member of layout.members) members.push(await ensureMember(context, member))
  const manifest: PkiManifest = {
    version: PKI_MANIFEST_VERSION,
    instance: layout.instance,
    ca: root.entry,
    directoryKey,
    members,
  }
  await writePublicFile(manifestPath(dir), JSON.stringify(manifest, null, 2) + '\n')
  return manifest
}

/** Private keys by the PKI's file naming; certificates and public JWKs may stay readable. */
function isPrivateKeyFile(name: string): boolean {
  return name.endsWith('.key.pem') || name.endsWith('.private.jwk.json')
}

async function ensureMember(
  context: InitContext,
  member: PkiMemberLayout,
): Promise<PkiMemberEntry> {
  const { dir, ca, now, progress } = context
  const signingKey = await ensureSigningKey({
    dir,
    files: PKI_RELATIVE_PATHS.memberSigningKey(member.id),
    alg: 'ES256',
    label: `signing key of ${member.id}`,
    progress,
  })
  const nodes = []
  for (const node of member.nodes) {
    const nodeId = `${member.id}/${node.code}`
    const hostnames = node.hostnames ?? [...DEFAULT_NODE_HOSTNAMES]
    const entry = {
      dir,
      ca,
      nodeId,
      code: node.code,
      memberId: member.id,
      hostnames,
      now,
      progress,
    }
    nodes.push(await ensureNodeCertificate(entry))
  }
  const clients = []
  for (const code of member.clients) {
    const id = `${member.id}/${code}`
    const files = PKI_RELATIVE_PATHS.clientKey(id)
    const label = `client key of ${id}`
    const key = await ensureSigningKey({ dir, files, alg: 'ES256', label, progress })
    clients.push({ id, code, ...key })
  }
  return { id: member.id, ...(member.name && { name: member.name }), signingKey, nodes, clients }
}
