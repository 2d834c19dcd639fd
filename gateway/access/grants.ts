// Access rights: default deny; subsystem grants for a whole service or for endpoint globs (docs/design.md §4).

/** One endpoint of a service: a method (or `*`) and a path glob (`*` one segment, `**` the rest). */
export interface EndpointRule {
  method: string
  path: string
}

/** A grant of one service to one subject, optionally narrowed to endpoints. */
export interface Grant {
  /** A subsystem id, `KG/COM/10000001/kyc-app`. */
  subject: string
  /** A service id, `KG/GOV/70000001/population/persons`. */
  service: string
  /** Absent: the whole service. Present: only these endpoints. */
  endpoints?: EndpointRule[]
}

export interface AccessRequest {
  client: string
  service: string
  method: string
  /** Normalised, decoded path segments below the service. */
  segments: string[]
}

interface CompiledRule {
  method: string
  glob: string[]
}

export type AccessChecker = (request: AccessRequest) => boolean

/**
 * Compiles grants into a lookup keyed by `subject service`, so a check costs one map hit plus a
 * segment walk. Anything not granted is denied.
 *
 * @example const allowed = createAccessChecker(grants)({ client, service, method, segments })
 */
export function createAccessChecker(grants: Grant[]): AccessChecker {
  const table = new Map<string, CompiledRule[] | 'all'>()
  for (const g of grants) {
    const key = `${g.subject} ${g.service}`
    if (!g.endpoints) {
      table.set(key, 'all')
      continue
    }
    const existing = table.get(key)
    if (existing === 'all') continue
    const rules = g.endpoints.map((e) => ({
      method: e.method.toUpperCase(),
      glob: splitGlob(e.path),
    }))
    table.set(key, [...(existing ?? []), ...rules])
  }
  return (request) => {
    const rules = table.get(`${request.client} ${request.service}`)
    if (rules === undefined) return false
    if (rules === 'all') return true
    return rules.some(
      (r) =>
        (r.method === '*' || r.method === request.method) && matchGlob(r.glob, request.segments),
    )
  }
}

function splitGlob(path: string): string[] {
  return path.split('/').filter((s) => s !== '')
}

/** `*` matches exactly one segment, `**` (last) matches zero or more; others match literally. */
export function matchGlob(glob: string[], segments: string[]): boolean {
  for (let i = 0; i < glob.length; i++) {
    const g = glob[i]!
    if (g === '**') return true
    const s = segments[i]
    if (s === undefined) return false
    if (g !== '*' && g !== s) return false
  }
  return glob.length === segments.length
}
