// Bring the directory authority's registry up to date with the sandbox plan, approving as it goes.
import { join } from 'node:path'
import type { JWK } from 'jose'
import {
  createAuthority,
  type Authority,
  type Operation,
  type RegistryState,
} from '../gateway/directory/authority/index.js'
import type { DirectoryDocument } from '../gateway/directory/index.js'

export interface AuthorityFiles {
  stateFile: string
  changeLogDir: string
}

export function authorityFiles(dir: string): AuthorityFiles {
  return {
    stateFile: join(dir, 'directory', 'registry.json'),
    changeLogDir: join(dir, 'directory', 'changes'),
  }
}

/**
 * Registers with the authority whatever the wanted directory has and its registry lacks, through
 * the authority's own operations (so each one is in its change log). Existing registrations,
 * and anything an administrator added since, are left as they are.
 *
 * @example await seedAuthority('.kopuro', wantedDocument, directoryKey)
 */
export async function seedAuthority(
  dir: string,
  wanted: DirectoryDocument,
  directoryKey: JWK & { kid: string },
  validitySeconds: number,
): Promise<AuthorityFiles> {
  const files = authorityFiles(dir)
  const authority = await createAuthority({
    ...files,
    directoryKey,
    autoApprove: true,
    init: {
      instance: wanted.instance,
      memberClasses: wanted.memberClasses,
      validitySeconds,
      lastSerial: wanted.serial,
    },
  })
  try {
    for (const op of missingOperations(authority.state(), wanted))
      await authority.apply(op, 'sandbox')
  } finally {
    await authority.close()
  }
  return files
}

function missingOperations(state: RegistryState, wanted: DirectoryDocument): Operation[] {
  const has = (list: { id: string }[], id: string) => list.some((x) => x.id === id)
  const ops: Operation[] = []
  for (const pem of wanted.federationCas) {
    if (!state.federationCas.some((c) => c.pem.trim() === pem.trim()))
      ops.push({ op: 'add-ca', pem })
  }
  for (const m of wanted.members) {
    if (!has(state.members, m.id)) ops.push({ op: 'register-member', id: m.id, name: m.name })
    for (const s of m.subsystems) {
      const id = `${m.id}/${s.code}`
      if (!has(state.subsystems, id)) ops.push({ op: 'register-subsystem', id, name: s.name })
    }
    for (const n of m.nodes) {
      const id = `${m.id}/${n.code}`
      const logKey = n.logKey as Record<string, unknown> | undefined
      const held = state.nodes.find((r) => r.id === id)
      if (!held) {
        ops.push({
          op: 'register-node',
          id,
          federationUrl: n.federationUrl,
          tlsFingerprint: n.tlsFingerprint,
          ...(logKey && { logKey }),
        })
      } else if (logKey && !held.logKey) {
        // A registry from before log keys were registered: the node's key is added, once.
        ops.push({ op: 'rotate-log-key', id, logKey })
      }
    }
    for (const k of m.signingKeys) {
      if (!state.signingKeys.some((r) => r.jwk.kid === k.jwk.kid)) {
        ops.push({
          op: 'register-key',
          memberId: m.id,
          jwk: k.jwk as Record<string, unknown>,
          notBefore: k.notBefore,
        })
      }
    }
  }
  for (const s of wanted.services) {
    if (!has(state.services, s.id)) ops.push({ op: 'register-service', id: s.id, title: s.title })
  }
  return ops
}

export type { Authority }
