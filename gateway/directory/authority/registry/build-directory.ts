// Builds the directory document from the registry: approved items only (docs/design.md §3).
import { memberOf, subsystemOf } from '../../../identifiers/index.js'
import type { DirectoryDocument, MemberEntry } from '../../directory-document.js'
import type { RegistryState } from './registry-state.js'

/**
 * The document for `serial`, issued at `now` and valid for the registry's validity. An item is
 * published once it and everything it belongs to are approved: a subsystem of a pending member,
 * or a service of a pending subsystem, stays out. Global groups list published subsystems only.
 *
 * @example const doc = buildDirectoryDocument(state, { serial: state.lastSerial + 1, now: Date.now() })
 */
export function buildDirectoryDocument(
  state: RegistryState,
  at: { serial: number; now: number },
): DirectoryDocument {
  const members = state.members
    .filter((m) => m.status === 'approved')
    .map((m) => memberEntry(state, m.id, m.name))
  const memberIds = new Set(members.map((m) => m.id))
  const subsystems = new Set(
    state.subsystems
      .filter((s) => s.status === 'approved' && memberIds.has(memberOf(s.id)))
      .map((s) => s.id),
  )
  return {
    instance: state.instance,
    serial: at.serial,
    issuedAt: new Date(at.now).toISOString(),
    expiresAt: new Date(at.now + state.validitySeconds * 1000).toISOString(),
    memberClasses: state.memberClasses.map((c) => ({ code: c.code, description: c.description })),
    members,
    services: state.services
      .filter((s) => s.status === 'approved' && subsystems.has(subsystemOf(s.id)))
      .map(({ id, title, contractDigest, contractUrl }) => ({
        id,
        title,
        ...(contractDigest !== undefined && { contractDigest }),
        ...(contractUrl !== undefined && { contractUrl }),
      })),
    federationCas: state.federationCas.map((c) => c.pem),
    globalGroups: state.globalGroups.map((g) => ({
      code: g.code,
      description: g.description,
      members: g.members.filter((id) => subsystems.has(id)),
    })),
    revocations: {
      keys: state.revocations.keys.map((r) => ({ ...r })),
      certificates: state.revocations.certificates.map((r) => ({ ...r })),
    },
  }
}

/** A member's approved subsystems, keys and nodes; revoked keys stay, listed under revocations. */
function memberEntry(state: RegistryState, id: string, name: string): MemberEntry {
  const approved = <T extends { status: string }>(items: T[], owner: (item: T) => string) =>
    items.filter((item) => item.status === 'approved' && owner(item) === id)
  return {
    id,
    name,
    subsystems: approved(state.subsystems, (s) => memberOf(s.id)).map((s) => ({
      code: s.id.split('/')[3]!,
      ...(s.name !== undefined && { name: s.name }),
    })),
    signingKeys: approved(state.signingKeys, (k) => k.memberId).map((k) => ({
      jwk: { ...k.jwk },
      notBefore: k.notBefore,
      ...(k.notAfter !== undefined && { notAfter: k.notAfter }),
    })),
    nodes: approved(state.nodes, (n) => memberOf(n.id)).map((n) => ({
      code: n.id.split('/')[3]!,
      federationUrl: n.federationUrl,
      tlsFingerprint: n.tlsFingerprint,
      ...(n.logKey !== undefined && { logKey: { ...n.logKey } }),
    })),
  }
}
