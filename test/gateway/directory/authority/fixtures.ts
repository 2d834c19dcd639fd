// Shared helpers for the directory authority tests: keys, a frozen clock, an authority on disk.
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import {
  createRootCa,
  createSigningKey,
  issueNodeCertificate,
  type SigningJwk,
} from '#certs/index.js'
import {
  applyOperation,
  createAuthority,
  createRegistryState,
  type Operation,
  type RegistryState,
  type Authority,
  type AuthorityOptions,
  type RegistryInit,
} from '#gateway/directory/authority/index.js'
import { AuthorityError } from '#gateway/directory/authority/index.js'
import type { DirectoryAnchor } from '#gateway/directory/index.js'

export const T0 = Date.parse('2026-03-01T10:00:00.000Z')
export const INIT: RegistryInit = {
  instance: 'KG',
  memberClasses: [
    { code: 'GOV', description: 'Government agencies' },
    { code: 'COM', description: 'Commercial companies' },
  ],
}
export const AGENCY = 'KG/GOV/70000001'
export const BANK = 'KG/COM/10000001'

export interface TestClock {
  now: () => number
  advance(ms: number): void
}

export function testClock(start = T0): TestClock {
  let t = start
  return { now: () => t, advance: (ms) => (t += ms) }
}

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'kopuro-authority-'))
}

export async function directoryKeys(): Promise<{
  privateJwk: SigningJwk
  anchor: DirectoryAnchor
}> {
  const { privateJwk, publicJwk } = await createSigningKey({ alg: 'EdDSA' })
  return { privateJwk, anchor: { instance: 'KG', keys: [publicJwk], sources: [] } }
}

export interface TestAuthority {
  authority: Authority
  anchor: DirectoryAnchor
  directoryKey: SigningJwk
  dir: string
  stateFile: string
  changeLogDir: string
  clock: TestClock
  reopen(extra?: Partial<AuthorityOptions>): Promise<Authority>
}

/** An authority in a fresh directory with a frozen clock. */
export async function openAuthority(extra: Partial<AuthorityOptions> = {}): Promise<TestAuthority> {
  const dir = await tempDir()
  const { privateJwk, anchor } = await directoryKeys()
  const clock = testClock()
  const stateFile = join(dir, 'registry.json')
  const base = { stateFile, directoryKey: privateJwk, init: INIT, now: clock.now }
  const authority = await createAuthority({ ...base, ...extra })
  return {
    authority,
    anchor,
    directoryKey: privateJwk,
    dir,
    stateFile,
    changeLogDir: join(dir, 'changes'),
    clock,
    reopen: (more = {}) => createAuthority({ ...base, ...extra, ...more }),
  }
}

export async function memberKey(): Promise<SigningJwk> {
  return (await createSigningKey({ alg: 'ES256' })).publicJwk
}

/** A federation root CA and one node certificate it issued. */
export async function testPki(): Promise<{
  caPem: string
  nodeCertPem: string
  fingerprint: string
}> {
  const ca = await createRootCa({ name: 'KG test root' })
  const node = await issueNodeCertificate({ ca, nodeId: `${AGENCY}/gw1` })
  return { caPem: ca.certPem, nodeCertPem: node.certPem, fingerprint: node.fingerprint256 }
}

/** The AuthorityError code a call fails with. */
export async function codeOf(run: () => unknown): Promise<string | undefined> {
  try {
    await run()
  } catch (error) {
    expect(error).toBeInstanceOf(AuthorityError)
    return (error as AuthorityError).code
  }
  return undefined
}

/** The operation context of the registry tests: at T0, nothing approved automatically. */
export const ctx = { now: T0, autoApprove: false }

/** Applies operations in order, as the authority would. */
export function run(state: RegistryState, ...operations: Operation[]): RegistryState {
  return operations.reduce((s, op) => applyOperation(s, op, ctx).state, state)
}

/** A registry with two pending members and one pending subsystem of the bank. */
export function withMembers(): RegistryState {
  return run(
    createRegistryState(INIT),
    { op: 'register-member', id: AGENCY, name: 'Population Registry Agency' },
    { op: 'register-member', id: BANK, name: 'Bank' },
    { op: 'register-subsystem', id: `${BANK}/kyc-app` },
  )
}
