// A console page for a view's cases, and what it may load: only loopback URLs (and inline
// data), never another host.
import { afterAll, beforeAll } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import type { SandboxEnv } from './sandbox-env.js'

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

export function isLocalRequest(url: string): boolean {
  const parsed = new URL(url)
  if (parsed.protocol === 'data:' || parsed.protocol === 'blob:' || parsed.protocol === 'about:')
    return true
  return LOOPBACK.has(parsed.hostname)
}

/**
 * Opens one page in its own browser context for the enclosing suite (closed after it) and
 * collects every request it makes to another host.
 *
 * @example let page: Page; const offsite = openConsolePage(env, (p) => (page = p))
 */
export function openConsolePage(
  env: () => SandboxEnv,
  opened: (page: Page) => void,
  options: { acceptDownloads?: boolean } = {},
): string[] {
  let context: BrowserContext | undefined
  const offsite: string[] = []
  beforeAll(async () => {
    context = await env().browser.newContext(options)
    const page = await context.newPage()
    page.on('request', (r) => {
      if (!isLocalRequest(r.url())) offsite.push(r.url())
    })
    opened(page)
  })
  afterAll(() => context?.close())
  return offsite
}
