// The gateways' own key material beside the PKI: token, admin, log and data-tracker keys.
import { access, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createSigningKey } from '../certs/index.js'
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
  await mkdir(join(dir, 'log-keys'), { recursive: true, mode: 0o700 })
  for (const member of plan.members) {
    for (const node of member.nodes) {
      const file = logKeyFile(dir, `${member.id}/${node.code}`)
      if (await exists(file)) continue
      const { privateJwk } = await createSigningKey({ alg: 'EdDSA' })
      await writeFile(file, JSON.stringify(privateJwk, null, 2), { mode: 0o600 })
    }
  }
}

export async function ensureTokenKeys(dir: string, plan: FederationPlan): Promise<void> {
  await ensureLogKeys(dir, plan)
  await mkdir(join(dir, 'tokens'), { recursive: true, mode: 0o700 })
  for (const member of plan.members) {
    for (const file of [tokenKeyFile(dir, member.id), adminKeyFile(dir, member.id)]) {
      if (await exists(file)) continue
      const { privateJwk } = await createSigningKey({ alg: 'ES256' })
      await writeFile(file, JSON.stringify(privateJwk, null, 2), { mode: 0o600 })
    }
  }
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
