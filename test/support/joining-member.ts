// A federation as a joining member meets it: an anchor to be handed, and later the authority's
// answer (a certificate for the node's own CSR, a directory listing the node), made here in-process.
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { JWK } from 'jose'
import {
  certificateFingerprint,
  createRootCa,
  createSigningKey,
  issueCertificateFromRequest,
  publicJwkOf,
  type CertificateAuthority,
  type SigningJwk,
} from '#certs/index.js'
import { createProgram } from '#gateway/cli/program.js'
import {
  signDirectory,
  type DirectoryAnchor,
  type DirectoryDocument,
} from '#gateway/directory/index.js'

export interface TestFederationAuthority {
  anchor: DirectoryAnchor
  anchorFile: string
  ca: CertificateAuthority
  directoryKey: SigningJwk
}

/**
 * A root CA, a directory key and `anchor.json` in `dir`, whose one source is `source` (a URL
 * where nothing answers, so a node falls back to its cache).
 */
export async function createTestAuthority(
  dir: string,
  source: string,
): Promise<TestFederationAuthority> {
  const ca = await createRootCa({ name: 'KG test federation root CA' })
  const { privateJwk, publicJwk } = await createSigningKey({ alg: 'EdDSA' })
  const anchor: DirectoryAnchor = { instance: 'KG', keys: [publicJwk], sources: [source] }
  const anchorFile = join(dir, 'anchor.json')
  await writeFile(anchorFile, JSON.stringify(anchor, null, 2))
  return { anchor, anchorFile, ca, directoryKey: privateJwk }
}

/**
 * What approval gives a node folder: `keys/tls.crt.pem` (leaf for the folder's CSR, then the CA)
 * and `directory-cache.jws`, a signed directory listing the member, its node and subsystems.
 */
export async function approveNodeFolder(
  authority: TestFederationAuthority,
  nodeDir: string,
): Promise<{ certPem: string }> {
  const info = JSON.parse(await readFile(join(nodeDir, 'node.json'), 'utf8')) as {
    member: string
    node: string
    host: string
    subsystems?: { code: string }[]
  }
  const csrPem = await readFile(join(nodeDir, 'keys/tls.csr.pem'), 'utf8')
  // As `kopuro directory approve` issues it: the CSR's key, CN and host.
  const { certPem, chainPem } = await issueCertificateFromRequest({ ca: authority.ca, csrPem })
  await writeFile(join(nodeDir, 'keys/tls.crt.pem'), chainPem, { mode: 0o600 })
  const config = JSON.parse(await readFile(join(nodeDir, 'gateway.json'), 'utf8')) as {
    federationUrl: string
  }
  const signing = JSON.parse(
    await readFile(join(nodeDir, 'keys/signing.private.jwk.json'), 'utf8'),
  ) as SigningJwk
  const now = new Date()
  const document: DirectoryDocument = {
    instance: 'KG',
    serial: 1,
    issuedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + 3600_000).toISOString(),
    memberClasses: [{ code: 'COM', description: 'Commercial' }],
    members: [
      {
        id: info.member,
        name: 'Joining member',
        subsystems: (info.subsystems ?? []).map((s) => ({ code: s.code })),
        signingKeys: [{ jwk: publicJwkOf(signing), notBefore: '2000-01-01T00:00:00Z' }],
        nodes: [
          {
            code: info.node,
            federationUrl: config.federationUrl,
            tlsFingerprint: certificateFingerprint(certPem),
          },
        ],
      },
    ],
    services: [],
    federationCas: [authority.ca.certPem],
    globalGroups: [],
    revocations: { keys: [], certificates: [] },
  }
  const jws = await signDirectory(document, authority.directoryKey as JWK & { kid: string })
  await writeFile(join(nodeDir, 'directory-cache.jws'), jws, { mode: 0o600 })
  return { certPem }
}

/**
 * Parses `kopuro ...args` in this process as `main.ts` does and returns the exit code and every
 * line the command printed (commander's own usage messages included).
 *
 * @example const { code, error } = await kopuro(['init', '--member', 'KG/COM/1', ...])
 */
export async function kopuro(
  args: string[],
): Promise<{ code: number; log: string[]; error: string[] }> {
  const log: string[] = []
  const error: string[] = []
  const program = createProgram({ log: (s) => log.push(s), error: (s) => error.push(s) })
  const capture = (command: typeof program) => {
    command.configureOutput({
      writeOut: (s) => void log.push(s),
      writeErr: (s) => void error.push(s),
    })
    command.commands.forEach(capture)
  }
  capture(program)
  const saved = process.exitCode
  process.exitCode = undefined
  try {
    await program.parseAsync(['node', 'kopuro', ...args])
    return { code: Number(process.exitCode ?? 0), log, error }
  } catch (e) {
    const { exitCodeFor } = await import('#gateway/cli/cli-errors.js')
    return { code: exitCodeFor(e), log, error }
  } finally {
    process.exitCode = saved
  }
}
