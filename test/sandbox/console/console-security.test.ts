// The console through a real listener, as a page of another site (DNS rebinding, framing, links)
// would reach it: a foreign Host is refused, every answer carries the headers, notices are codes.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serve, type ServerType } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createConsoleApp } from '#sandbox/console/app.js'
import { createConsoleContext } from '#sandbox/console/context.js'
import { consoleHosts } from '#sandbox/console/host-allow-list.js'
import { chunkedRequest, rawRequest, type RawResponse } from '../../support/http-raw.js'
import { freePort } from '../../support/ports.js'

let dir: string
let server: ServerType
let base: string
let port: number

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kopuro-console-sec-'))
  const sandboxFile = join(dir, 'sandbox.json')
  await writeFile(sandboxFile, JSON.stringify({ gateways: [], members: [], demoPin: '1' }))
  port = await freePort()
  base = `http://127.0.0.1:${port}`
  const app = createConsoleApp(createConsoleContext(sandboxFile), {
    hosts: consoleHosts(port, ['console.sandbox.test']),
  })
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => resolve())
  })
})

afterAll(async () => {
  await new Promise((r) => server.close(r))
  await rm(dir, { recursive: true, force: true })
})

const get = (path: string, headers: Record<string, string> = {}) =>
  rawRequest(base, path, { headers })

function expectSecurityHeaders(res: RawResponse): void {
  expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'")
  expect(res.headers['content-security-policy']).toContain("default-src 'self'")
  expect(res.headers['x-frame-options']).toBe('DENY')
}

describe('console Host allow-list', () => {
  it('answers 421 to a GET under a foreign Host, before any handler', async () => {
    const res = await get('/', { host: `evil.example:${port}` })
    expect(res.status).toBe(421)
    expect(res.body).not.toContain('kopuro console')
    expectSecurityHeaders(res)
  })

  it('answers 421 to a rebound POST whose Origin matches its foreign Host', async () => {
    const res = await rawRequest(base, '/citizen/login', {
      method: 'POST',
      headers: {
        host: `evil.example:${port}`,
        origin: `http://evil.example:${port}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'pin=12345678901234',
    })
    expect(res.status).toBe(421)
    expect(res.headers['set-cookie']).toBeUndefined()
  })

  it('answers 421 to an absolute request target naming a foreign host', async () => {
    const res = await get(`http://evil.example:${port}/`, { host: `127.0.0.1:${port}` })
    expect(res.status).toBe(421)
  })

  it('serves the loopback names and a configured name on its own port only', async () => {
    for (const host of ['localhost', '127.0.0.1', '[::1]', 'console.sandbox.test']) {
      expect((await get('/', { host: `${host}:${port}` })).status).toBe(200)
    }
    expect((await get('/', { host: `localhost:${port + 1}` })).status).toBe(421)
    expect((await get('/', { host: 'localhost' })).status).toBe(421)
  })
})

describe('console security headers', () => {
  it('sets CSP and X-Frame-Options on a 404 page, an asset and a page', async () => {
    const missing = await get('/nothing-here')
    expect(missing.status).toBe(404)
    expectSecurityHeaders(missing)
    const css = await get('/assets/console.css')
    expect(css.status).toBe(200)
    expectSecurityHeaders(css)
    expectSecurityHeaders(await get('/assets/swagger-ui/none.js'))
    expectSecurityHeaders(await get('/'))
  })

  it('sets them on a refused cross-origin form post', async () => {
    const res = await rawRequest(base, '/citizen/logout', {
      method: 'POST',
      headers: {
        origin: 'http://evil.example',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: '',
    })
    expect(res.status).toBe(403)
    expectSecurityHeaders(res)
  })
})

describe('console notices', () => {
  it('does not render free text given as ?notice=', async () => {
    const text = 'Your account is locked: call +996 555 000 000'
    for (const path of ['/citizen', '/agency', '/auditor']) {
      const res = await get(`${path}?notice=${encodeURIComponent(text)}&kind=error`)
      expect(res.body).not.toContain('+996 555 000 000')
      expect(res.body).not.toContain('role="status"')
    }
  })

  it('renders a notice the console itself issued, named by an opaque code', async () => {
    const res = await rawRequest(base, '/citizen/login', {
      method: 'POST',
      headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'pin=nope',
    })
    expect(res.status).toBe(303)
    const location = String(res.headers['location'])
    expect(location).toMatch(/^\/citizen\?notice=[A-Za-z0-9_-]{16}$/)
    const page = await get(location)
    expect(page.body).toContain('That is not a personal code')
    expect(page.body).toContain('class="notice error"')
  })
})

describe('console form bounds', () => {
  it('refuses a chunked form post over 64 KiB with a 413 page, whatever its headers say', async () => {
    for (const path of ['/citizen/login', '/agency/grant']) {
      const res = await chunkedRequest({
        url: base,
        path,
        headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' },
        totalBytes: 8 * 1024 * 1024,
      })
      expect([path, res.status]).toEqual([path, 413])
      expect(res.headers['content-type']).toContain('text/html')
      expect(res.body).toContain('The form is larger than the console takes (64 KB).')
      expectSecurityHeaders(res)
    }
  })

  it('takes a form just within 64 KiB and reads its fields', async () => {
    const body = 'pin=nope&pad=' + 'a'.repeat(64 * 1024 - 'pin=nope&pad='.length)
    const res = await rawRequest(base, '/citizen/login', {
      method: 'POST',
      headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' },
      body,
    })
    expect(res.status).toBe(303)
    const page = await get(String(res.headers['location']))
    expect(page.body).toContain('That is not a personal code')
  })
})
