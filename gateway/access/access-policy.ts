// The provider's access rights as they change at run time: grants added and revoked by an admin.
import { createAccessChecker, type AccessRequest, type Grant } from './grants.js'

export interface AccessPolicy {
  isAllowed(request: AccessRequest): boolean
  /** Adds a grant (an identical one is not added twice). */
  grant(grant: Grant): void
  /** Removes a grant equal to `grant`; false when there was none. */
  revoke(grant: Grant): boolean
  has(grant: Grant): boolean
  list(): Grant[]
}

/**
 * Holds the grants and the compiled checker; a change recompiles once, so checks stay a map hit.
 *
 * @example const policy = createAccessPolicy(config.grants); policy.grant({ subject, service })
 */
export function createAccessPolicy(initial: Grant[]): AccessPolicy {
  let grants = [...initial]
  let check = createAccessChecker(grants)
  const same = (a: Grant, b: Grant) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b))
  return {
    isAllowed: (request) => check(request),
    grant(grant) {
      if (grants.some((g) => same(g, grant))) return
      grants = [...grants, grant]
      check = createAccessChecker(grants)
    },
    revoke(grant) {
      const kept = grants.filter((g) => !same(g, grant))
      if (kept.length === grants.length) return false
      grants = kept
      check = createAccessChecker(grants)
      return true
    },
    has: (grant) => grants.some((g) => same(g, grant)),
    list: () => [...grants],
  }
}

function canonical(g: Grant): Grant {
  const endpoints = g.endpoints?.map((e) => ({ method: e.method.toUpperCase(), path: e.path }))
  return { subject: g.subject, service: g.service, ...(endpoints ? { endpoints } : {}) }
}
