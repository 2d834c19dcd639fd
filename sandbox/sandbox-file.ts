// `.kopuro/sandbox.json`: what the running sandbox is made of, and a client that calls through it.
// Scripts, sample apps, the console and tests read this file instead of hard-coding ports.
import { readFile } from 'node:fs/promises'
import { request } from 'undici'
import { replacePrivateFile } from '../gateway/lib/durable-file.js'
import { declaredLength, readBody } from '../gateway/lib/read-body.js'
import { requestAccessToken } from '../gateway/tokens/index.js'

export interface SandboxProcess {
  name: string
  pid: number | undefined
  kind: 'directory' | 'registry' | 'gateway' | 'console'
  /** What the supervisor polls to call the process ready. */
  readyUrl: string
}

export interface SandboxGateway {
  /** `KG/GOV/70000001/gw1` */
  node: string
  memberId: string
  consumerUrl: string
  federationUrl: string
  adminUrl: string
  auditDir: string
  /** The node's checkpoint-signing public key (Ed25519 JWK). */
  logPublicKey: Record<string, unknown>
}

export interface SandboxClient {
  /** `KG/COM/10000001/kyc-app` */
  id: string
  privateKeyFile: string
  tokenEndpoint: string
  consumerUrl: string
}

export interface SandboxMember {
  id: string
  name: string
  /** Provider subsystems (those that publish services). */
  services: { id: string; title: string }[]
}

export interface SandboxDescription {
  startedAt: string
  portBase: number
  /** The web console. */
  consoleUrl: string
  /** The supervisor's control API (stop/start one process), behind `token`. */
  control: { url: string; token: string }
  processes: SandboxProcess[]
  gateways: SandboxGateway[]
  members: SandboxMember[]
  registries: { name: string; url: string }[]
  /** Per member: `admin` and `auditor` role tokens for its gateways' admin listeners. */
  roleTokens: Record<string, Record<'admin' | 'auditor', string>>
  clients: SandboxClient[]
  directory: { authorityUrl: string; mirrorUrl: string; anchorFile: string; registryFile: string }
  /** The demo citizen's personal code. */
  demoPin: string
}

/** `$KOPURO_SANDBOX`, else where `npm start` writes it by default. */
export const DEFAULT_SANDBOX_FILE = process.env['KOPURO_SANDBOX'] || '.kopuro/sandbox.json'

/**
 * Writes the description owner-only (it holds the control token and every role token), in one
 * step: readers polling the file never see half of it.
 *
 * @example await writeSandboxFile('.kopuro/sandbox.json', { ...fixed, processes })
 */
export async function writeSandboxFile(file: string, description: SandboxDescription) {
  await replacePrivateFile(file, JSON.stringify(description, null, 2))
}

export async function readSandboxFile(file = DEFAULT_SANDBOX_FILE): Promise<SandboxDescription> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    throw new Error(`cannot read ${file}: is the sandbox running (npm start)?`)
  }
  return JSON.parse(text) as SandboxDescription
}

export interface CallResult {
  status: number
  headers: Record<string, string>
  body: string
  /** The body parsed as JSON, when it is JSON. */
  json: unknown
}

export interface CallOptions {
  method?: string
  headers?: Record<string, string>
  /** JSON-serialised unless a string. */
  body?: unknown
  /** `X-Road-UserId`: the person on whose behalf the system calls. */
  userId?: string
  /** `X-Road-Issue`: why (a case number). */
  issue?: string
}

/**
 * The largest answer a sandbox client reads: above a gateway's default body limit (10 MiB), so
 * whatever a gateway forwards is shown; more is refused (docs/design.md §2).
 */
export const MAX_CALL_ANSWER_BYTES = 16 * 1024 * 1024

/**
 * An information system of the sandbox: gets its access token from its own gateway (client
 * credentials, `private_key_jwt`), renews it before expiry and calls `/r1/…` through that gateway.
 *
 * @example const bank = sandboxClient(sandbox, 'KG/COM/10000001/kyc-app')
 *          const res = await bank.call('KG/GOV/70000001/population/persons/22905199138381')
 */
export function sandboxClient(sandbox: SandboxDescription, clientId: string) {
  const client = sandbox.clients.find((c) => c.id === clientId)
  if (!client) throw new Error(`unknown client ${clientId}`)
  let cached: { token: string; expiresAt: number } | undefined

  async function token(): Promise<string> {
    if (cached && cached.expiresAt - 30_000 > Date.now()) return cached.token
    const privateJwk = JSON.parse(await readFile(client!.privateKeyFile, 'utf8'))
    const t = await requestAccessToken({
      subsystem: client!.id,
      privateJwk,
      tokenEndpoint: client!.tokenEndpoint,
    })
    cached = { token: t.access_token, expiresAt: Date.now() + t.expires_in * 1000 }
    return cached.token
  }

  /** Calls `/r1/{path}` (path without the `/r1/` prefix, e.g. `KG/GOV/…/persons/123`). */
  async function call(path: string, options: CallOptions = {}): Promise<CallResult> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${await token()}`,
      'x-road-client': client!.id,
      ...(options.userId ? { 'x-road-userid': options.userId } : {}),
      ...(options.issue ? { 'x-road-issue': options.issue } : {}),
      ...options.headers,
    }
    let body: string | undefined
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body)
      headers['content-type'] ??= 'application/json'
    }
    const res = await request(`${client!.consumerUrl}/r1/${path.replace(/^\/?(r1\/)?/, '')}`, {
      method: (options.method ?? 'GET') as 'GET',
      headers,
      body,
      headersTimeout: 30_000,
      bodyTimeout: 30_000,
    })
    const bytes = await readBody(
      res.body,
      MAX_CALL_ANSWER_BYTES,
      declaredLength(res.headers['content-length']),
    ).catch((error: unknown) => {
      res.body.destroy()
      throw error
    })
    const text = new TextDecoder().decode(bytes)
    const flat: Record<string, string> = {}
    for (const [k, v] of Object.entries(res.headers)) {
      if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(', ') : v
    }
    let json: unknown
    if (/json/.test(flat['content-type'] ?? '')) {
      try {
        json = JSON.parse(text)
      } catch {
        json = undefined
      }
    }
    return { status: res.statusCode, headers: flat, body: text, json }
  }

  return { id: client.id, consumerUrl: client.consumerUrl, token, call }
}

export type SandboxClientHandle = ReturnType<typeof sandboxClient>
