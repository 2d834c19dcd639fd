// The agency view's forms turned into admin API bodies, with a plain reason when they cannot be.
import { checkEndpoint } from '../../../gateway/access/index.js'

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string }

/** A grant as `POST /admin/grants` and `/admin/grants/revoke` take it. */
export interface GrantBody {
  subject: string
  service: string
  endpoints?: { method: string; path: string }[]
}

const ENDPOINT_LINE = /^(\S+)\s+(\S+)$/

/**
 * `GET /*` per line, or nothing for the whole service. Each line passes the gateway's own grant
 * check (method allow-list, path glob rules) before anything is sent; the gateway still checks
 * the subject and the contract paths itself.
 *
 * @example parseEndpoints('GET /*') // { ok: true, value: [{ method: 'GET', path: '/*' }] }
 */
export function parseEndpoints(text: string): Parsed<GrantBody['endpoints']> {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
  if (lines.length === 0) return { ok: true, value: undefined }
  const endpoints = []
  for (const [i, line] of lines.entries()) {
    const match = ENDPOINT_LINE.exec(line)
    if (!match) return { ok: false, reason: `Endpoint line ${i + 1} is not “METHOD /path”.` }
    const checked = checkEndpoint({ method: match[1], path: match[2] }, 'endpoint')
    if ('field' in checked) {
      const part = checked.field === 'endpoint.method' ? 'method' : 'path'
      const shown = checked.value === undefined ? '' : ` ${checked.value}`
      return { ok: false, reason: `Endpoint line ${i + 1}, ${part}${shown}: ${checked.reason}.` }
    }
    endpoints.push(checked)
  }
  return { ok: true, value: endpoints }
}

/** The revoke button's hidden field holds the grant exactly as the gateway listed it. */
export function parseGrantJson(text: string): Parsed<GrantBody> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { ok: false, reason: 'The grant is not valid JSON.' }
  }
  const g = value as Partial<GrantBody> | null
  if (typeof g?.subject !== 'string' || typeof g.service !== 'string') {
    return { ok: false, reason: 'The grant names no subject and service.' }
  }
  return { ok: true, value: g as GrantBody }
}

/** A new service as `POST /admin/services/publish` takes it. */
export interface PublicationBody {
  id: string
  url: string
  title?: string
  contract?: unknown
}

/**
 * Subsystem + service code, backend URL, optional title and OpenAPI contract (JSON). With a
 * contract the gateway validates requests against it; without one it checks nothing.
 */
export function parsePublicationForm(input: {
  subsystem: string
  code: string
  url: string
  title: string
  contract: string
}): Parsed<PublicationBody> {
  if (!/^[A-Za-z0-9'()+,\-.=?]{1,100}$/.test(input.code)) {
    return { ok: false, reason: 'The service code may use only X-Road identifier characters.' }
  }
  if (!/^https?:\/\/\S+$/.test(input.url)) {
    return { ok: false, reason: 'The backend URL must be an http(s) URL.' }
  }
  const body: PublicationBody = { id: `${input.subsystem}/${input.code}`, url: input.url }
  if (input.title !== '') body.title = input.title
  if (input.contract !== '') {
    try {
      body.contract = JSON.parse(input.contract)
    } catch {
      return { ok: false, reason: 'The contract is not valid JSON.' }
    }
  }
  return { ok: true, value: body }
}
