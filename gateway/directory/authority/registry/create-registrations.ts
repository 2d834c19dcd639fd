// Registration requests at the authority: accept (checks 1–7), list, approve as one batch, reject.
import { randomBytes } from 'node:crypto'
import {
  checkRegistrationContent,
  RegistrationRequestError,
  verifyRegistrationSignature,
  type VerifiedRegistration,
} from '../../registration/index.js'
import type { Clock } from '../../../lib/clock.js'
import { AuthorityError } from '../authority-error.js'
import type { AuthorityErrorCode } from '../authority-error-codes.js'
import { checkNodeCertificate } from './check-node-certificate.js'
import type { Authority } from './create-authority.js'
import type { Operation } from './operations.js'
import type { RegistryState } from './registry-state.js'
import type {
  RegistrationStatus,
  RegistrationStore,
  StoredRegistration,
} from './registration-store.js'

/** More undecided requests than this and new ones wait: each is a file rewrite and an operator's task. */
export const MAX_PENDING_REGISTRATIONS = 1000
const MAX_REASON = 500
const CONTROL = /\p{Cc}/u
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567'
/** `reg_` and 128 random bits in RFC 4648 base32, lower case, unpadded. */
export const REGISTRATION_ID = /^reg_[a-z2-7]{26}$/

/** `GET /registrations/{id}`: what the member's node may know about its request. */
export interface RegistrationView {
  id: string
  status: RegistrationStatus
  member: string
  node: string
  receivedAt: string
  decidedAt?: string
  reason?: string
  certificate?: string
  serial?: number
}

/** `GET /admin/registrations`: what the operator decides on. */
export interface RegistrationEntry {
  id: string
  status: RegistrationStatus
  member: string
  memberName?: string
  node: string
  host: string
  federationUrl: string
  tlsKeyFingerprint: string
  signingKid: string
  logKid: string
  subsystems: { code: string; name?: string }[]
  services: { id: string; title: string; contractDigest?: string }[]
  receivedAt: string
  /** The CSR, for `kopuro directory approve` to issue the certificate from. */
  csr: string
  decidedAt?: string
  decidedBy?: string
  reason?: string
  serial?: number
}

export interface Registrations {
  /** Checks 1–7 and stores the request as pending, durably, before it resolves. */
  submit(jws: string): Promise<{ id: string; status: 'pending'; statusUrl: string }>
  view(id: string): RegistrationView
  list(status?: RegistrationStatus): RegistrationEntry[]
  approve(
    id: string,
    certificatePem: string,
    actor: string,
  ): Promise<{ id: string; status: 'approved'; serial: number }>
  reject(id: string, reason: string, actor: string): Promise<{ id: string; status: 'rejected' }>
}

export interface RegistrationsOptions {
  authority: Authority
  store: RegistrationStore
  /** Registrations are approved as soon as registered (the sandbox's authority). */
  autoApprove?: boolean
  now?: Clock
}

/**
 * The authority's side of joining (docs/protocol.md §5.6). Every refusal is an AuthorityError
 * with a `registration.*` code; nothing is written for a refused request.
 *
 * @example const registrations = createRegistrations({ authority, store })
 */
export function createRegistrations(options: RegistrationsOptions): Registrations {
  const { authority, store } = options
  const now = options.now ?? Date.now
  const found = (id: string): StoredRegistration => {
    const registration = REGISTRATION_ID.test(id) ? store.get(id) : undefined
    if (!registration) throw new AuthorityError('registration.unknown')
    return registration
  }
  return {
    async submit(jws) {
      const state = authority.state()
      const checks = {
        instance: authority.instance,
        memberClasses: state.memberClasses.map((c) => c.code),
        now,
      }
      const signed = await asAuthorityError(() => verifyRegistrationSignature(jws, checks))
      return store.exclusive(async () => {
        if (store.seen(signed.kid, signed.nonce, signed.digest)) {
          throw new AuthorityError('registration.replayed')
        }
        const verified = await asAuthorityError(() => checkRegistrationContent(signed, checks))
        checkAgainstRegistry(authority.state(), verified, now())
        if (store.count('pending') >= MAX_PENDING_REGISTRATIONS) {
          throw new AuthorityError('registration.too_many_pending')
        }
        const id = newRegistrationId()
        await durably(() =>
          store.add({
            id,
            status: 'pending',
            receivedAt: new Date(now()).toISOString(),
            kid: verified.kid,
            nonce: verified.nonce,
            digest: verified.digest,
            tlsKeyFingerprint: verified.tlsKeyFingerprint,
            request: verified.payload,
          }),
        )
        return { id, status: 'pending' as const, statusUrl: `/registrations/${id}` }
      })
    },

    view: (id) => viewOf(found(id)),

    list: (status) => store.list(status).map(entryOf),

    approve(id, certificatePem, actor) {
      return store.exclusive(async () => {
        const registration = found(id)
        if (registration.status !== 'pending') throw new AuthorityError('registration.decided')
        const checked = checkNodeCertificate(certificatePem, registration, authority.state(), now())
        const serial =
          alreadyApplied(authority.state(), registration, checked.fingerprint) ??
          (
            await authority.applyBatch(
              (state) =>
                approvalOperations(state, registration, checked.fingerprint, options, now()),
              actor,
              {
                action: 'approve-registration',
                target: id,
                after: { node: nodeIdOf(registration), tlsFingerprint: checked.fingerprint },
              },
            )
          ).serial
        await durably(() =>
          store.replace({
            ...registration,
            status: 'approved',
            decidedAt: new Date(now()).toISOString(),
            decidedBy: actor,
            certificate: checked.chainPem,
            serial,
          }),
        )
        return { id, status: 'approved' as const, serial }
      })
    },

    reject(id, reason, actor) {
      return store.exclusive(async () => {
        const registration = found(id)
        if (registration.status !== 'pending') throw new AuthorityError('registration.decided')
        const text = reasonOf(reason)
        await authority.record(
          {
            action: 'reject-registration',
            target: id,
            after: { node: nodeIdOf(registration), reason: text },
          },
          actor,
        )
        await durably(() =>
          store.replace({
            ...registration,
            status: 'rejected',
            decidedAt: new Date(now()).toISOString(),
            decidedBy: actor,
            reason: text,
          }),
        )
        return { id, status: 'rejected' as const }
      })
    },
  }
}

/**
 * Check 7: a registered member's request must be signed by one of its valid signing keys (a
 * second node, new subsystems); a node already registered is refused; a new member needs a name.
 */
function checkAgainstRegistry(
  state: RegistryState,
  verified: VerifiedRegistration,
  now: number,
): void {
  const memberId = verified.payload.member.id
  if (state.members.some((m) => m.id === memberId)) {
    if (!validKeyIds(state, memberId, now).has(verified.kid)) {
      throw new AuthorityError('registration.member_exists', {
        detail: "sign with one of the member's valid signing keys",
      })
    }
  } else if (verified.payload.member.name === undefined) {
    throw new AuthorityError('registration.invalid', { detail: 'a new member needs member.name' })
  }
  if (state.nodes.some((n) => n.id === verified.nodeId)) {
    throw new AuthorityError('registration.node_exists')
  }
}

/** The kids of a member's keys that are approved, within their window and not revoked at `now`. */
function validKeyIds(state: RegistryState, memberId: string, now: number): Set<string> {
  const at = new Date(now).toISOString()
  const revoked = new Set(state.revocations.keys.map((r) => r.kid))
  return new Set(
    state.signingKeys
      .filter(
        (k) =>
          k.memberId === memberId &&
          k.status === 'approved' &&
          k.notBefore <= at &&
          (k.notAfter === undefined || k.notAfter > at) &&
          !revoked.has(k.jwk.kid),
      )
      .map((k) => k.jwk.kid),
  )
}

/**
 * The approval as registry operations (docs/protocol.md §5.6): the member, its new subsystems
 * and key when it is new, the node with its certificate's fingerprint and log key, the new
 * services, then the approval of each. Check 7 runs again on the registry as it is now: another
 * request may have registered the member or the node since this one arrived.
 */
function approvalOperations(
  state: RegistryState,
  registration: StoredRegistration,
  tlsFingerprint: string,
  options: RegistrationsOptions,
  now: number,
): Operation[] {
  const { request } = registration
  const memberId = request.member.id
  const nodeId = nodeIdOf(registration)
  checkAgainstRegistry(
    state,
    { payload: request, kid: registration.kid, nodeId } as VerifiedRegistration,
    now,
  )
  const newMember = !state.members.some((m) => m.id === memberId)
  const registered: Operation[] = []
  const approvals: Operation[] = []
  const approveItem = (kind: 'member' | 'subsystem' | 'node' | 'key' | 'service', id: string) =>
    approvals.push({ op: 'approve', kind, id })
  if (newMember) {
    registered.push({ op: 'register-member', id: memberId, name: request.member.name ?? memberId })
    approveItem('member', memberId)
  }
  for (const subsystem of request.subsystems) {
    const id = `${memberId}/${subsystem.code}`
    if (state.subsystems.some((s) => s.id === id)) continue
    registered.push({
      op: 'register-subsystem',
      id,
      ...(subsystem.name && { name: subsystem.name }),
    })
    approveItem('subsystem', id)
  }
  if (newMember) {
    registered.push({ op: 'register-key', memberId, jwk: { ...request.signingKey } })
    approveItem('key', request.signingKey.kid)
  }
  registered.push({
    op: 'register-node',
    id: nodeId,
    federationUrl: request.node.federationUrl,
    tlsFingerprint,
    logKey: { ...request.logKey },
  })
  approveItem('node', nodeId)
  for (const service of request.services) {
    if (state.services.some((s) => s.id === service.id)) continue
    registered.push({ op: 'register-service', ...service })
    approveItem('service', service.id)
  }
  return options.autoApprove ? registered : [...registered, ...approvals]
}

/**
 * The serial when a crash came between the registry's change and the store's: the node is
 * already registered with this very certificate, so the approval is only recorded again.
 */
function alreadyApplied(
  state: RegistryState,
  registration: StoredRegistration,
  fingerprint: string,
): number | undefined {
  const node = state.nodes.find((n) => n.id === nodeIdOf(registration))
  return node?.tlsFingerprint === fingerprint && node.status === 'approved'
    ? state.lastSerial
    : undefined
}

function viewOf(r: StoredRegistration): RegistrationView {
  return {
    id: r.id,
    status: r.status,
    member: r.request.member.id,
    node: r.request.node.code,
    receivedAt: r.receivedAt,
    ...(r.decidedAt !== undefined && { decidedAt: r.decidedAt }),
    ...(r.reason !== undefined && { reason: r.reason }),
    ...(r.certificate !== undefined && { certificate: r.certificate }),
    ...(r.serial !== undefined && { serial: r.serial }),
  }
}

function entryOf(r: StoredRegistration): RegistrationEntry {
  const { request } = r
  return {
    id: r.id,
    status: r.status,
    member: request.member.id,
    ...(request.member.name !== undefined && { memberName: request.member.name }),
    node: request.node.code,
    host: request.node.host,
    federationUrl: request.node.federationUrl,
    tlsKeyFingerprint: r.tlsKeyFingerprint,
    signingKid: r.kid,
    logKid: request.logKey.kid,
    subsystems: request.subsystems,
    services: request.services,
    receivedAt: r.receivedAt,
    csr: request.csr,
    ...(r.decidedAt !== undefined && { decidedAt: r.decidedAt }),
    ...(r.decidedBy !== undefined && { decidedBy: r.decidedBy }),
    ...(r.reason !== undefined && { reason: r.reason }),
    ...(r.serial !== undefined && { serial: r.serial }),
  }
}

function nodeIdOf(r: StoredRegistration): string {
  return `${r.request.member.id}/${r.request.node.code}`
}

function reasonOf(value: string): string {
  const text = typeof value === 'string' ? value.trim() : ''
  if (text === '' || text.length > MAX_REASON || CONTROL.test(text)) {
    throw new AuthorityError('invalid_request', {
      detail: 'reason must be 1-500 characters without control characters',
    })
  }
  return text
}

/** RFC 4648 base32 of 16 random bytes: 26 characters, unpadded. */
function newRegistrationId(): string {
  const bytes = randomBytes(16)
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31]
  return `reg_${out}`
}

/** The shared checks' refusals, answered with the same code. */
async function asAuthorityError<T>(check: () => Promise<T>): Promise<T> {
  try {
    return await check()
  } catch (error) {
    if (!(error instanceof RegistrationRequestError)) throw error
    const code: AuthorityErrorCode = error.code
    throw new AuthorityError(code, { detail: error.detail, cause: error })
  }
}

/** A store write that fails answers `storage_failed`: the request is not taken. */
async function durably(write: () => Promise<void>): Promise<void> {
  try {
    await write()
  } catch (cause) {
    throw new AuthorityError('storage_failed', { cause })
  }
}
