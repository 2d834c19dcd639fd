// What every console view needs: the running sandbox's description, its clients and its gateways'
// admin listeners, each with the role token the sandbox issued.
import { stat } from 'node:fs/promises'
import {
  readSandboxFile,
  sandboxClient,
  type SandboxClientHandle,
  type SandboxDescription,
  type SandboxGateway,
} from '../sandbox-file.js'
import { readWebText } from '../../gateway/lib/read-body.js'

/** An admin answer the console shows: a page of records fits many times over. */
export const MAX_ADMIN_ANSWER_BYTES = 32 * 1024 * 1024

export interface AdminCallResult {
  status: number
  headers: Headers
  /** Parsed JSON when the answer is JSON, else the text. */
  body: unknown
}

export interface ConsoleContext {
  /** The sandbox description's file, as given to the console (named in shell examples). */
  sandboxFile?: string
  /** The sandbox description, re-read when the file changes (a gateway restarted). */
  sandbox(): Promise<SandboxDescription>
  /** An information system of the sandbox, calling through its own gateway. */
  client(id: string): Promise<SandboxClientHandle>
  /** The gateway nodes of a member (`KG/GOV/70000001`). */
  gatewaysOf(memberId: string): Promise<SandboxGateway[]>
  /**
   * Calls a gateway node's admin listener with the member's `admin` or `auditor` token.
   *
   * @example await ctx.admin(node, 'auditor', '/audit/records?limit=50')
   */
  admin(
    gateway: SandboxGateway,
    role: 'admin' | 'auditor',
    path: string,
    init?: { method?: string; body?: unknown },
  ): Promise<AdminCallResult>
}

export function createConsoleContext(sandboxFile: string): ConsoleContext {
  let cached: { mtimeMs: number; sandbox: SandboxDescription } | undefined
  const clients = new Map<string, SandboxClientHandle>()

  async function sandbox(): Promise<SandboxDescription> {
    const { mtimeMs } = await stat(sandboxFile).catch(() => ({ mtimeMs: -1 }))
    if (!cached || cached.mtimeMs !== mtimeMs) {
      cached = { mtimeMs, sandbox: await readSandboxFile(sandboxFile) }
      clients.clear()
    }
    return cached.sandbox
  }

  return {
    sandboxFile,
    sandbox,
    async client(id) {
      const s = await sandbox()
      let handle = clients.get(id)
      if (!handle) {
        handle = sandboxClient(s, id)
        clients.set(id, handle)
      }
      return handle
    },
    async gatewaysOf(memberId) {
      return (await sandbox()).gateways.filter((g) => g.memberId === memberId)
    },
    async admin(gateway, role, path, init = {}) {
      const s = await sandbox()
      const token = s.roleTokens[gateway.memberId]?.[role]
      if (!token) throw new Error(`no ${role} token for ${gateway.memberId}`)
      const res = await fetch(`${gateway.adminUrl}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          authorization: `Bearer ${token}`,
          ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
        signal: AbortSignal.timeout(15_000),
      })
      const text = await readWebText(res, MAX_ADMIN_ANSWER_BYTES)
      let body: unknown = text
      if (/json/.test(res.headers.get('content-type') ?? '')) {
        try {
          body = JSON.parse(text)
        } catch {
          body = text
        }
      }
      return { status: res.status, headers: res.headers, body }
    },
  }
}
