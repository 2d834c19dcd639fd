// Small formatting helpers the agency, auditor and citizen views share.
import type { AdminCallResult } from '../context.js'

/** `gw2` from `KG/GOV/70000001/gw2`. */
export function nodeName(node: string): string {
  return node.split('/').at(-1) ?? node
}

/** `KG/COM/10000001` from any identifier below a member. */
export function memberOfId(id: string): string {
  return id.split('/').slice(0, 3).join('/')
}

/** `badge ok` for a success status, `badge failed` otherwise. */
export function statusBadge(status: number): string {
  return status >= 200 && status < 400 ? 'badge ok' : 'badge failed'
}

/**
 * What a gateway said when it refused an admin or auditor call: its `X-Road-Error` code and the
 * message of its error body, e.g. `client.bad_request: No such grant`.
 */
export function refusalOf(res: AdminCallResult): string {
  const code = res.headers.get('x-road-error') ?? `HTTP ${res.status}`
  const body = res.body as { message?: unknown } | null
  const message = typeof body === 'object' && typeof body?.message === 'string' ? body.message : ''
  return message ? `${code}: ${message}` : code
}

/** A form field as text (a file or a missing field reads as empty). */
export function field(form: Record<string, unknown>, name: string): string {
  const value = form[name]
  return typeof value === 'string' ? value.trim() : ''
}
