// Turns `kopuro directory admin <action>` flags into the authority's operation bodies.
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { certificateFingerprint, publicJwkOf, type SigningJwk } from '../../certs/index.js'
import type { OperationName } from '../directory/authority/index.js'
import { KopuroError } from '../lib/errors.js'

/** The flags, by their camelCase names (`--cert-file` → `certFile`). */
export type AdminParams = Record<string, string | undefined>

/** A missing or unusable flag; the message names the flag, never its value. */
export class AdminUsageError extends KopuroError<'usage'> {
  constructor(message: string) {
    super('usage', message)
    this.name = 'AdminUsageError'
  }
}

type BodyBuilder = (p: AdminParams) => Promise<Record<string, unknown>>

const need = (p: AdminParams, name: string, flag: string): string => {
  const value = p[name]
  if (value === undefined || value === '') throw new AdminUsageError(`--${flag} is required`)
  return value
}

const optional = (name: string, value: unknown) => (value === undefined ? {} : { [name]: value })

/** Only the public half of a key file ever leaves the machine, even if a private JWK is given. */
async function publicKeyFile(p: AdminParams): Promise<SigningJwk> {
  const text = await readFile(need(p, 'jwkFile', 'jwk-file'), 'utf8')
  return publicJwkOf(JSON.parse(text) as SigningJwk)
}

/** A log key file (the node's private key will do): only `{ kty, crv, x }` is sent. */
async function logKeyFile(file: string): Promise<Record<string, unknown>> {
  let jwk: Record<string, unknown>
  try {
    jwk = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>
  } catch {
    throw new AdminUsageError('--log-key-file must be a readable JWK file')
  }
  const { kty, crv, x } = jwk ?? {}
  return { kty, crv, x }
}

async function fingerprint(p: AdminParams): Promise<string> {
  if (p['certFile']) return certificateFingerprint(await readFile(p['certFile'], 'utf8'))
  return need(p, 'fingerprint', 'fingerprint')
}

async function contractDigest(p: AdminParams): Promise<string | undefined> {
  if (!p['contractFile']) return p['digest']
  return createHash('sha256')
    .update(await readFile(p['contractFile']))
    .digest('base64url')
}

function seconds(p: AdminParams, name: string, flag: string): number | undefined {
  const value = p[name]
  if (value === undefined) return undefined
  if (!/^\d{1,9}$/.test(value)) throw new AdminUsageError(`--${flag} must be a whole number`)
  return Number(value)
}

/** One body builder per operation the CLI offers. */
export const ADMIN_BODIES: Record<OperationName, BodyBuilder> = {
  'register-member': async (p) => ({ id: need(p, 'id', 'id'), name: need(p, 'name', 'name') }),
  'register-subsystem': async (p) => ({ id: need(p, 'id', 'id'), ...optional('name', p['name']) }),
  'register-node': async (p) => ({
    id: need(p, 'id', 'id'),
    federationUrl: need(p, 'federationUrl', 'federation-url'),
    tlsFingerprint: await fingerprint(p),
    ...optional('logKey', p['logKeyFile'] ? await logKeyFile(p['logKeyFile']) : undefined),
  }),
  'register-key': async (p) => ({
    memberId: need(p, 'member', 'member'),
    jwk: await publicKeyFile(p),
    ...optional('notBefore', p['notBefore']),
    ...optional('notAfter', p['notAfter']),
  }),
  'register-service': async (p) => ({
    id: need(p, 'id', 'id'),
    title: need(p, 'title', 'title'),
    ...optional('contractDigest', await contractDigest(p)),
    ...optional('contractUrl', p['contractUrl']),
  }),
  approve: async (p) => ({ kind: need(p, 'kind', 'kind'), id: need(p, 'id', 'id') }),
  'rotate-key': async (p) => ({
    memberId: need(p, 'member', 'member'),
    jwk: await publicKeyFile(p),
    ...optional('overlapSeconds', seconds(p, 'overlap', 'overlap')),
  }),
  'revoke-key': async (p) => ({ kid: need(p, 'kid', 'kid') }),
  'rotate-log-key': async (p) => ({
    id: need(p, 'id', 'id'),
    logKey: await logKeyFile(need(p, 'logKeyFile', 'log-key-file')),
  }),
  'revoke-cert': async (p) => ({ fingerprint: await fingerprint(p) }),
  'add-ca': async (p) => ({ pem: await readFile(need(p, 'certFile', 'cert-file'), 'utf8') }),
  'add-member-class': async (p) => ({
    code: need(p, 'code', 'code'),
    description: need(p, 'description', 'description'),
  }),
  'add-global-group': async (p) => ({
    code: need(p, 'code', 'code'),
    description: need(p, 'description', 'description'),
  }),
  'add-group-member': async (p) => ({
    group: need(p, 'group', 'group'),
    subsystemId: need(p, 'subsystem', 'subsystem'),
  }),
  'remove-group-member': async (p) => ({
    group: need(p, 'group', 'group'),
    subsystemId: need(p, 'subsystem', 'subsystem'),
  }),
}
