// The one check every grant passes before it can grant anything: admin API, CLI, console, config.
import { parseServiceId, parseSubsystemId } from '../identifiers/index.js'
import type { EndpointRule, Grant } from './grants.js'

/** The methods a grant may name (RFC 9110 §9 less TRACE and CONNECT), or `*` for any of them. */
export const GRANT_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', '*']

/** What is wrong with a grant: the field at fault (`endpoints[1].path`), its value if safe, why. */
export interface GrantProblem {
  field: string
  /** The offending value, only when it is made of characters safe to show back. */
  value?: string
  reason: string
}

export type GrantCheck = { ok: true; grant: Grant } | { ok: false; problem: GrantProblem }

/** What a grant may point at on this gateway, from the directory and the published contracts. */
export interface GrantTargets {
  /** The subsystem is a registered subsystem in the current directory. */
  hasSubsystem(subsystemId: string): boolean
  /**
   * The endpoint templates of a published service (`undefined` where the contract has a
   * `{param}`), `[]` when it has no contract; `undefined` when this gateway does not publish it.
   */
  endpointsOf(serviceId: string): (string | undefined)[][] | undefined
}

const MAX_ENDPOINTS = 100
const MAX_PATH = 1000
/** Literal glob segments: unreserved characters only, so a grant segment is its decoded form. */
const LITERAL = /^[A-Za-z0-9_.~-]+$/
/** Values made only of these are shown back in a message; anything else is named by field only. */
const SHOWABLE = /^[A-Za-z0-9_.~*{}/'()+,=?-]{1,200}$/

/**
 * Checks a grant's shape without any outside knowledge: the subject is a subsystem id, the
 * service a service id, each endpoint a method from `GRANT_METHODS` and a well-formed path glob
 * (`*` one whole segment, `**` only last, docs/design.md §4). Returns the grant with methods upper-cased.
 *
 * @example checkGrantSyntax({ subject, service, endpoints: [{ method: 'get', path: '/*' }] })
 */
export function checkGrantSyntax(input: unknown): GrantCheck {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return fail('grant', undefined, 'must be an object with subject and service')
  const g = input as { subject?: unknown; service?: unknown; endpoints?: unknown }
  if (typeof g.subject !== 'string' || !parseSubsystemId(g.subject))
    return fail('subject', g.subject, 'must be a subsystem id INSTANCE/CLASS/MEMBER/SUBSYSTEM')
  if (typeof g.service !== 'string' || !parseServiceId(g.service))
    return fail('service', g.service, 'must be a service id INSTANCE/CLASS/MEMBER/SUBSYSTEM/CODE')
  if (g.endpoints === undefined)
    return { ok: true, grant: { subject: g.subject, service: g.service } }
  if (!Array.isArray(g.endpoints) || g.endpoints.length === 0 || g.endpoints.length > MAX_ENDPOINTS)
    return fail('endpoints', undefined, `must be a list of 1 to ${MAX_ENDPOINTS} endpoints`)
  const endpoints: EndpointRule[] = []
  for (const [i, e] of (g.endpoints as unknown[]).entries()) {
    const checked = checkEndpoint(e, `endpoints[${i}]`)
    if ('field' in checked) return { ok: false, problem: checked }
    endpoints.push(checked)
  }
  return { ok: true, grant: { subject: g.subject, service: g.service, endpoints } }
}

/** One endpoint rule: the method from the allow-list, then the path glob. */
export function checkEndpoint(input: unknown, field: string): EndpointRule | GrantProblem {
  const e = input as { method?: unknown; path?: unknown } | null
  if (typeof e !== 'object' || e === null)
    return problem(field, undefined, 'must be { method, path }')
  const method = typeof e.method === 'string' ? e.method.toUpperCase() : undefined
  if (method === undefined || !GRANT_METHODS.includes(method))
    return problem(`${field}.method`, e.method, `must be one of ${GRANT_METHODS.join(', ')}`)
  const reason = pathGlobProblem(e.path)
  if (reason) return problem(`${field}.path`, e.path, reason)
  return { method, path: e.path as string }
}

/** Why a path glob is malformed, or undefined: each rule is one the matcher relies on. */
function pathGlobProblem(path: unknown): string | undefined {
  if (typeof path !== 'string' || !path.startsWith('/')) return 'must start with /'
  if (path.length > MAX_PATH) return `must be at most ${MAX_PATH} characters`
  if (path === '/') return undefined
  const segments = path.slice(1).split('/')
  for (const [i, s] of segments.entries()) {
    if (s === '') return 'has an empty segment (a doubled or trailing /)'
    if (s === '**') {
      if (i !== segments.length - 1) return '`**` may only be the last segment'
      continue
    }
    if (s === '*') continue
    if (s.includes('*')) return '`*` must be a whole segment'
    if (/^\{.*\}$/.test(s)) return 'write `*` for a contract parameter such as `{id}`'
    // Requests are matched after dot-segment removal (RFC 3986 §5.2.4): `.`/`..` never match.
    if (s === '.' || s === '..') return 'has a `.` or `..` segment'
    if (!LITERAL.test(s)) return 'a segment may use only A-Z a-z 0-9 - . _ ~, `*` or `**`'
  }
  return undefined
}

/**
 * Checks what a well-formed grant points at: a subject the directory knows, a service this
 * gateway publishes, and endpoint paths below a path of the service's contract (a contract
 * `{param}` takes any segment, a grant `*` matches any; `**` covers what lies below).
 *
 * @example checkGrantTargets(grant, { hasSubsystem, endpointsOf }) // undefined when it holds
 */
export function checkGrantTargets(grant: Grant, targets: GrantTargets): GrantProblem | undefined {
  if (!targets.hasSubsystem(grant.subject))
    return problem('subject', grant.subject, 'is not a subsystem in the federation directory')
  const templates = targets.endpointsOf(grant.service)
  if (templates === undefined)
    return problem('service', grant.service, 'is not a service this gateway publishes')
  for (const [i, e] of (grant.endpoints ?? []).entries()) {
    if (templates.length === 0)
      return problem(
        `endpoints[${i}].path`,
        e.path,
        'the service has no contract to check it against; grant the whole service',
      )
    if (!templates.some((t) => isBelow(e.path, t)))
      return problem(
        `endpoints[${i}].path`,
        e.path,
        'is not below any path of the service contract',
      )
  }
  return undefined
}

/** Syntax first, then targets: the form every entry point uses once it knows the targets. */
export function validateGrant(input: unknown, targets: GrantTargets): GrantCheck {
  const checked = checkGrantSyntax(input)
  if (!checked.ok) return checked
  const wrong = checkGrantTargets(checked.grant, targets)
  return wrong ? { ok: false, problem: wrong } : checked
}

/**
 * The configured grants against the loaded directory and contracts, syntax included (a config
 * built in code skipped the file's check): a node refuses to start rather than run with a grant
 * that names what is not there (docs/configuration.md, Grant checks).
 *
 * @example assertConfiguredGrants(config.grants, targets) // TypeError: config: /grants/2/subject …
 */
export function assertConfiguredGrants(grants: Grant[], targets: GrantTargets): void {
  for (const [i, grant] of grants.entries()) {
    const checked = validateGrant(grant, targets)
    if (!checked.ok) throw new TypeError(describeConfiguredGrantProblem(i, checked.problem))
  }
}

/**
 * A problem of the configuration's grant `index`, its field named by JSON pointer as every
 * configuration message names its key (docs/configuration.md).
 *
 * @example describeConfiguredGrantProblem(3, problem) // 'config: /grants/3/endpoints/1/path /a/**\/b: …'
 */
export function describeConfiguredGrantProblem(index: number, p: GrantProblem): string {
  const pointer =
    p.field === 'grant' ? '' : `/${p.field.replace(/\[(\d+)\]/g, '/$1').replace(/\./g, '/')}`
  return `config: /grants/${index}${pointer}${p.value === undefined ? '' : ` ${p.value}`}: ${p.reason}`
}

/** `endpoints[1].path /a/**\/b: \`**\` may only be the last segment` */
export function describeGrantProblem(p: GrantProblem): string {
  return `${p.field}${p.value === undefined ? '' : ` ${p.value}`}: ${p.reason}`
}

/** The grant glob, less a final `**`, is a prefix of the contract path's segments. */
function isBelow(glob: string, template: (string | undefined)[]): boolean {
  const segments = glob.split('/').filter((s) => s !== '')
  if (segments.at(-1) === '**') segments.pop()
  if (segments.length > template.length) return false
  return segments.every((s, i) => s === '*' || template[i] === undefined || template[i] === s)
}

function problem(field: string, value: unknown, reason: string): GrantProblem {
  const showable = typeof value === 'string' && SHOWABLE.test(value)
  return { field, ...(showable ? { value } : {}), reason }
}

function fail(field: string, value: unknown, reason: string): GrantCheck {
  return { ok: false, problem: problem(field, value, reason) }
}
