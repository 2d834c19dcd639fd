// What a console page may load: only loopback URLs (and inline data), never another host.
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

export function isLocalRequest(url: string): boolean {
  const parsed = new URL(url)
  if (parsed.protocol === 'data:' || parsed.protocol === 'blob:' || parsed.protocol === 'about:')
    return true
  return LOOPBACK.has(parsed.hostname)
}
