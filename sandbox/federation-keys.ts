// The gateways' own key material beside the PKI: token, admin, log and data-tracker keys.
import { access, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createSigningKey } from '../certs/index.js'
import { makePrivateDir, PRIVATE_FILE_MODE, tightenPath } from '../gateway/lib/private-files.js'
import type { FederationPlan } from './federation-plan.js'

/** Each member's nodes share one access-token key, so a token from one node works at another. */
export function tokenKeyFile(dir: string, memberId: string): string {
  return join(dir, 'tokens', `${fileSafe(memberId)}.private.jwk.json`)
}

/** The key that signs a member's admin and auditor role tokens, shared by its nodes. */
export function adminKeyFile(dir: string, memberId: string): string {
  return join(dir, 'tokens', `${fileSafe(memberId)}.admin.private.jwk.json`)
}

/** Each node's own log key (Ed25519): it signs that node's checkpoints and nothing else. */
export function logKeyFile(dir: string, nodeId: string): string {
  return join(dir, 'log-keys', `${fileSafe(nodeId)}.private.jwk.json`)
}

async function ensureLogKeys(dir: string, plan: FederationPlan): Promise<void> {
  await makePrivateDir(join(dir, 'log-keys'))
  for (const member of plan.members) {
    for (const node of member.nodes) {
      await ensureKeyFile(logKeyFile(dir, `${member.id}/${node.code}`), 'EdDSA')
    }
  }
}

export async function ensureTokenKeys(dir: string, plan: FederationPlan): Promise<void> {
  await ensureLogKeys(dir, plan)
  await makePrivateDir(join(dir, 'tokens'))
  for (const member of plan.members) {
    for (const file of [tokenKeyFile(dir, member.id), adminKeyFile(dir, member.id)]) {
      await ensureKeyFile(file, 'ES256')
    }
  }
}

/** A private key, owner-only from its creation; one an older sandbox left wider is narrowed. */
async function ensureKeyFile(file: string, alg: 'EdDSA' | 'ES256'): Promise<void> {
  if (await exists(file)) return tightenPath(file, PRIVATE_FILE_MODE)
  const { privateJwk } = await createSigningKey({ alg })
  await writeFile(file, JSON.stringify(privateJwk, null, 2), { mode: PRIVATE_FILE_MODE })
}

/** Each member's nodes share one data-tracker key, so a person hashes alike in all their logs. */
export function trackerKeyFile(dir: string, memberId: string): string {
  return join(dir, 'tracker', `${fileSafe(memberId)}.key.jwk.json`)
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  )
}

/** Identifier parts cannot contain `_`, so `/` → `_` gives each id its own file name. */
export function fileSafe(id: string): string {
  return id.replaceAll('/', '_')
}
