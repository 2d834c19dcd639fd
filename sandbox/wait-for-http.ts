// Poll an HTTP URL until it answers 2xx, for start-up health waits.

export async function waitForHttp(
  url: string,
  options: { timeoutMs: number; intervalMs?: number },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs
  let last = 'no answer'
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) })
      // Only the status counts: the body is dropped unread, so a health page cannot fill memory.
      await res.body?.cancel()
      if (res.ok) return
      last = `HTTP ${res.status}`
    } catch (e) {
      last = (e as Error).message
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 100))
  }
  throw new Error(`${url}: ${last}`)
}
