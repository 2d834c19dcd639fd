// Which backend URLs a service published at run time may point at: the operator's allow-list.

/**
 * A backend is allowed when it has the scheme, host and port of an entry and its path lies at or
 * below the entry's path, segment by segment (so `http://reg/api` allows `/api/persons`, never
 * `/apis` or `http://reg.evil`). URLs with user info are never allowed: credentials do not belong
 * in a published URL. Without a configured list, the origins of the services in the
 * configuration file are the list: an admin token alone cannot point the gateway at a new host
 * (docs/configuration.md, Publishing at run time).
 *
 * @example createBackendAllowList(['http://10.0.0.5:8080/registries'])('http://10.0.0.5:8080/registries/persons') // true
 */
export function createBackendAllowList(
  entries: string[] | undefined,
  configuredServiceUrls: string[],
): (url: string) => boolean {
  const allowed = (entries ?? configuredServiceUrls.map((u) => new URL(u).origin)).map(
    (e) => new URL(e),
  )
  return (url) => {
    let candidate: URL
    try {
      candidate = new URL(url)
    } catch {
      return false
    }
    if (candidate.username !== '' || candidate.password !== '') return false
    return allowed.some(
      (a) => a.origin === candidate.origin && below(candidate.pathname, a.pathname),
    )
  }
}

/** `path` equals `base` or continues it at a `/`. */
function below(path: string, base: string): boolean {
  const prefix = base.endsWith('/') ? base : `${base}/`
  return path === base || path.startsWith(prefix)
}
