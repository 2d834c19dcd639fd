// The authority's stateless checks of a registration request (docs/protocol.md §5.6, checks 1–3, 5, 6).
import { createHash, createPublicKey } from 'node:crypto'
import { isIP } from 'node:net'
import { calculateJwkThumbprint, compactVerify, importJWK } from 'jose'
import { namesHost, parseCertificateRequest } from '../../../certs/index.js'
import {
  isValidIdentifierPart,
  memberOf,
  parseMemberId,
  parseServiceId,
} from '../../identifiers/index.js'
import type { Clock } from '../../lib/clock.js'
import {
  MAX_REGISTRATION_BYTES,
  MAX_REGISTRATION_SERVICES,
  MAX_REGISTRATION_SUBSYSTEMS,
  REGISTRATION_JWS_TYPE,
  REGISTRATION_SKEW_SECONDS,
  RegistrationRequestError,
  type PublicEd25519Jwk,
  type RegistrationPayload,
  type RegistrationRequestCode,
} from './registration-request.js'

/** A request whose signature, instance and time passed (checks 1–3). */
export interface SignedRegistration {
  payload: RegistrationPayload
  /** The signing key's kid (= the protected header's). */
  kid: string
  nonce: string
  /** Base64url SHA-256 of the JWS text: the same bytes twice are a replay. */
  digest: string
}

/** A request that passed every stateless check (1–3, 5, 6). */
export interface VerifiedRegistration extends SignedRegistration {
  /** `<member>/<node>` */
  nodeId: string
  /** Lowercase hex SHA-256 of the CSR's SubjectPublicKeyInfo. */
  tlsKeyFingerprint: string
}

export interface RegistrationCheckOptions {
  /** The authority's instance: `KG`. */
  instance: string
  /** The member classes the registry knows. */
  memberClasses: readonly string[]
  now?: Clock
  skewSeconds?: number
}

const B64URL = /^[A-Za-z0-9_-]*$/
const ED25519_X = /^[A-Za-z0-9_-]{43}$/
const NONCE = /^[A-Za-z0-9_-]{22}$/
const DIGEST = /^[A-Za-z0-9_-]{43}$/
const DNS_NAME =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i
const CONTROL = /\p{Cc}/u
const MAX_TEXT = 256
const MAX_FIELD = 8192
const PAYLOAD_FIELDS = [
  'instance',
  'member',
  'node',
  'csr',
  'signingKey',
  'logKey',
  'subsystems',
  'services',
  'nonce',
  'iat',
]

/**
 * Checks 1–3, 5 and 6 in order: checks 1–3 ({@link verifyRegistrationSignature}), then
 * {@link checkRegistrationContent}. The authority runs the two halves itself, with its replay
 * check (4) between them.
 *
 * @example const verified = await verifyRegistrationRequest(jws, { instance: 'KG', memberClasses: ['COM'] })
 */
export async function verifyRegistrationRequest(
  jws: string,
  options: RegistrationCheckOptions,
): Promise<VerifiedRegistration> {
  return checkRegistrationContent(await verifyRegistrationSignature(jws, options), options)
}

/**
 * Checks 1–3: a compact JWS (`registration.malformed`), signed with the Ed25519 key its payload
 * carries, whose thumbprint the header names (`registration.bad_signature`), for this instance
 * (`registration.wrong_instance`), with `iat` within ±300 s (`registration.stale`).
 */
export async function verifyRegistrationSignature(
  jws: string,
  options: Pick<RegistrationCheckOptions, 'instance' | 'now' | 'skewSeconds'>,
): Promise<SignedRegistration> {
  const { header, body } = splitJws(jws)
  const signingKey = await signingKeyOf(body['signingKey'], header.kid)
  await compactVerify(jws, await importJWK({ ...signingKey, alg: 'EdDSA' }, 'EdDSA'), {
    algorithms: ['EdDSA'],
  }).catch((cause: unknown) => {
    throw refuse('registration.bad_signature', 'the signature does not verify', cause)
  })
  const payload = shapeOf(body, signingKey)
  if (payload.instance !== options.instance) {
    throw refuse('registration.wrong_instance', 'instance is not this federation')
  }
  const now = Math.floor((options.now ?? Date.now)() / 1000)
  if (Math.abs(payload.iat - now) > (options.skewSeconds ?? REGISTRATION_SKEW_SECONDS)) {
    throw refuse('registration.stale', 'iat is too far from the authority clock')
  }
  return {
    payload,
    kid: signingKey.kid,
    nonce: payload.nonce,
    digest: createHash('sha256').update(jws).digest('base64url'),
  }
}

/**
 * Checks 5 and 6: the CSR proves possession of the TLS key and names the node
 * (`registration.identity_mismatch`); every id is one of this federation and member, every text
 * usable (`registration.invalid`).
 */
export async function checkRegistrationContent(
  signed: SignedRegistration,
  options: Pick<RegistrationCheckOptions, 'instance' | 'memberClasses'>,
): Promise<VerifiedRegistration> {
  const { payload } = signed
  const nodeId = `${payload.member.id}/${payload.node.code}`
  const tlsKeyFingerprint = await checkIdentity(payload, nodeId)
  checkIdentifiers(payload, options)
  return { ...signed, nodeId, tlsKeyFingerprint }
}

function splitJws(jws: string): { header: Record<string, unknown>; body: Record<string, unknown> } {
  const parts =
    typeof jws === 'string' && jws.length <= MAX_REGISTRATION_BYTES ? jws.split('.') : []
  if (parts.length !== 3 || !parts.every((p) => p !== '' && B64URL.test(p))) {
    throw refuse('registration.malformed', 'the body is not a compact JWS')
  }
  const header = jsonObject(parts[0]!, 'the protected header is not a JSON object')
  if (header['alg'] !== 'EdDSA' || header['typ'] !== REGISTRATION_JWS_TYPE) {
    throw refuse(
      'registration.malformed',
      `the header must name alg EdDSA, typ ${REGISTRATION_JWS_TYPE}`,
    )
  }
  if (typeof header['kid'] !== 'string' || 'crit' in header || 'jwk' in header) {
    throw refuse('registration.malformed', 'the header must name a kid and nothing to resolve')
  }
  return { header, body: jsonObject(parts[1]!, 'the payload is not a JSON object') }
}

function jsonObject(segment: string, detail: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'))
  } catch (cause) {
    throw refuse('registration.malformed', detail, cause)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw refuse('registration.malformed', detail)
  }
  return value as Record<string, unknown>
}

/** Check 2's key: a public Ed25519 JWK whose RFC 7638 thumbprint is the header's kid. */
async function signingKeyOf(value: unknown, kid: unknown): Promise<PublicEd25519Jwk> {
  const fail = (cause?: unknown) =>
    refuse(
      'registration.bad_signature',
      'signingKey must be a public Ed25519 JWK whose thumbprint is the header kid',
      cause,
    )
  const key = await ed25519Of(value).catch((cause: unknown) => {
    throw fail(cause)
  })
  if (key === undefined || key.kid !== kid) throw fail()
  return key
}

/**
 * `{ kty, crv, x, kid }`; undefined when not a public Ed25519 JWK or a given kid is not its
 * thumbprint, and throws when its `x` is not a usable key.
 */
async function ed25519Of(value: unknown): Promise<PublicEd25519Jwk | undefined> {
  const jwk = value as Record<string, unknown> | null
  if (typeof jwk !== 'object' || jwk === null || 'd' in jwk) return undefined
  const { kty, crv, x } = jwk
  if (kty !== 'OKP' || crv !== 'Ed25519' || typeof x !== 'string' || !ED25519_X.test(x)) {
    return undefined
  }
  createPublicKey({ key: { kty, crv, x }, format: 'jwk' })
  const kid = await calculateJwkThumbprint({ crv, kty, x }, 'sha256')
  if (jwk['kid'] !== undefined && jwk['kid'] !== kid) return undefined
  return { kty, crv, x, kid }
}

/** The payload's fields and JSON types (an allow-list); values are checked by checks 3, 5 and 6. */
function shapeOf(body: Record<string, unknown>, signingKey: PublicEd25519Jwk): RegistrationPayload {
  const malformed = (field: string) =>
    refuse('registration.malformed', `payload field ${field} is missing or of the wrong type`)
  for (const key of Object.keys(body)) {
    if (!PAYLOAD_FIELDS.includes(key)) {
      throw refuse('registration.malformed', 'the payload has a field the request does not take')
    }
  }
  const member = object(body['member']) ?? fail(malformed('member'))
  const node = object(body['node']) ?? fail(malformed('node'))
  const subsystems = list(body['subsystems'], MAX_REGISTRATION_SUBSYSTEMS, malformed('subsystems'))
  const services = list(body['services'], MAX_REGISTRATION_SERVICES, malformed('services'))
  const payload: RegistrationPayload = {
    instance: text(body['instance']) ?? fail(malformed('instance')),
    member: {
      id: text(member['id']) ?? fail(malformed('member.id')),
      ...optionalText(member, 'name', malformed('member.name')),
    },
    node: {
      code: text(node['code']) ?? fail(malformed('node.code')),
      federationUrl: text(node['federationUrl']) ?? fail(malformed('node.federationUrl')),
      host: text(node['host']) ?? fail(malformed('node.host')),
    },
    csr: text(body['csr']) ?? fail(malformed('csr')),
    signingKey,
    logKey: (object(body['logKey']) ?? fail(malformed('logKey'))) as PublicEd25519Jwk,
    subsystems: subsystems.map((s) => {
      const entry = object(s) ?? fail(malformed('subsystems'))
      const code = text(entry['code']) ?? fail(malformed('subsystems[].code'))
      return { code, ...optionalText(entry, 'name', malformed('subsystems[].name')) }
    }),
    services: services.map((s) => {
      const entry = object(s) ?? fail(malformed('services'))
      return {
        id: text(entry['id']) ?? fail(malformed('services[].id')),
        title: text(entry['title']) ?? fail(malformed('services[].title')),
        ...optionalText(entry, 'contractDigest', malformed('services[].contractDigest')),
      }
    }),
    nonce: text(body['nonce']) ?? fail(malformed('nonce')),
    iat: Number.isSafeInteger(body['iat']) ? (body['iat'] as number) : fail(malformed('iat')),
  }
  if (!NONCE.test(payload.nonce)) throw malformed('nonce')
  return payload
}

/** Check 5: proof of possession of the TLS key, and a CSR that names this node and host only. */
async function checkIdentity(payload: RegistrationPayload, nodeId: string): Promise<string> {
  const mismatch = (detail: string, cause?: unknown) =>
    refuse('registration.identity_mismatch', detail, cause)
  const csr = await parseCertificateRequest(payload.csr).catch((cause: unknown) => {
    throw mismatch('the CSR does not parse', cause)
  })
  if (!csr.signatureValid) throw mismatch('the CSR signature does not verify')
  if (csr.keyType !== 'ec-P-256') throw mismatch('the CSR key is not ECDSA P-256')
  if (csr.commonNames.length !== 1 || csr.commonNames[0] !== nodeId) {
    throw mismatch('the CSR CN is not <member.id>/<node.code>')
  }
  const host = payload.node.host
  if (csr.subjectAltNames.length !== 1 || !namesHost(csr.subjectAltNames[0]!, host)) {
    throw mismatch('the CSR subjectAltName is not node.host alone')
  }
  const urlHost = hostOfUrl(payload.node.federationUrl)
  if (
    urlHost !== undefined &&
    !namesHost({ type: isIP(urlHost) ? 'ip' : 'dns', value: urlHost }, host)
  ) {
    throw mismatch("federationUrl's host is not node.host")
  }
  return csr.keyFingerprint
}

/** Check 6: identifiers of this federation and member, usable URLs, hosts, keys and texts. */
function checkIdentifiers(
  payload: RegistrationPayload,
  options: Pick<RegistrationCheckOptions, 'instance' | 'memberClasses'>,
): void {
  const member = parseMemberId(payload.member.id)
  if (!member || member.instance !== options.instance) {
    throw invalid('member.id is not INSTANCE/CLASS/MEMBER of this federation')
  }
  if (!options.memberClasses.includes(member.memberClass)) {
    throw invalid('the member class is not registered')
  }
  if (payload.member.name !== undefined && !usableText(payload.member.name)) {
    throw invalid('member.name must be 1-256 characters without control characters')
  }
  if (!isValidIdentifierPart(payload.node.code))
    throw invalid('node.code is not an identifier part')
  checkFederationUrl(payload.node.federationUrl)
  const host = payload.node.host
  if (isIP(host) === 0 && !DNS_NAME.test(host))
    throw invalid('node.host is not an IP address or DNS name')
  const subsystems = new Set<string>()
  for (const s of payload.subsystems) {
    if (!isValidIdentifierPart(s.code)) throw invalid('a subsystem code is not an identifier part')
    if (subsystems.has(s.code)) throw invalid('a subsystem is listed twice')
    if (s.name !== undefined && !usableText(s.name)) throw invalid('a subsystem name is not usable')
    subsystems.add(s.code)
  }
  const services = new Set<string>()
  for (const s of payload.services) {
    const id = parseServiceId(s.id)
    if (!id || memberOf(s.id) !== payload.member.id) {
      throw invalid("a service id is not one of the member's services")
    }
    if (!subsystems.has(id.subsystemCode)) throw invalid("a service's subsystem is not listed")
    if (services.has(s.id)) throw invalid('a service is listed twice')
    if (!usableText(s.title)) throw invalid('a service title is not usable')
    if (s.contractDigest !== undefined && !DIGEST.test(s.contractDigest)) {
      throw invalid('a contractDigest is not a base64url SHA-256')
    }
    services.add(s.id)
  }
  checkLogKey(payload)
}

function checkLogKey(payload: RegistrationPayload): void {
  const { kty, crv, x, kid } = payload.logKey as Record<string, unknown>
  const shaped =
    kty === 'OKP' &&
    crv === 'Ed25519' &&
    typeof x === 'string' &&
    ED25519_X.test(x) &&
    !('d' in payload.logKey)
  if (!shaped) throw invalid('logKey must be a public Ed25519 JWK')
  try {
    createPublicKey({ key: { kty, crv, x }, format: 'jwk' })
  } catch (cause) {
    throw invalid('logKey is not a usable key', cause)
  }
  const thumbprint = createHash('sha256')
    .update(JSON.stringify({ crv, kty, x }))
    .digest('base64url')
  if (kid !== undefined && kid !== thumbprint) throw invalid('logKey kid is not its thumbprint')
  if (x === payload.signingKey.x) throw invalid('logKey must not be the signing key')
}

/** Federation listeners are HTTPS, named as an origin (docs/design.md §2). */
function checkFederationUrl(value: string): void {
  let url: URL
  try {
    url = new URL(value)
  } catch (cause) {
    throw invalid('node.federationUrl is not a URL', cause)
  }
  const bare = url.username === '' && url.password === '' && url.search === '' && url.hash === ''
  if (url.protocol !== 'https:' || url.pathname !== '/' || !bare) {
    throw invalid('node.federationUrl must be https://host:port only')
  }
}

function hostOfUrl(value: string): string | undefined {
  if (!URL.canParse(value)) return undefined
  return new URL(value).hostname.replace(/^\[(.*)\]$/, '$1')
}

function usableText(value: string): boolean {
  const trimmed = value.trim()
  return trimmed !== '' && trimmed.length <= MAX_TEXT && !CONTROL.test(trimmed)
}

function object(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= MAX_FIELD ? value : undefined
}

function optionalText(
  entry: Record<string, unknown>,
  name: string,
  error: RegistrationRequestError,
): Record<string, string> {
  if (entry[name] === undefined) return {}
  return { [name]: text(entry[name]) ?? fail(error) }
}

function list(value: unknown, max: number, error: RegistrationRequestError): unknown[] {
  if (!Array.isArray(value) || value.length > max) throw error
  return value
}

function fail(error: RegistrationRequestError): never {
  throw error
}

function invalid(detail: string, cause?: unknown): RegistrationRequestError {
  return refuse('registration.invalid', detail, cause)
}

function refuse(
  code: RegistrationRequestCode,
  detail: string,
  cause?: unknown,
): RegistrationRequestError {
  return new RegistrationRequestError(code, detail, { cause })
}
