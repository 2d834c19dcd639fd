// The try-it page's shell equivalent: the same request, safely quoted, through the same gateway.
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { curlCommand, shellQuote } from '#sandbox/console/curl-command.js'

const base = {
  serviceId: 'KG/GOV/70000001/population/persons',
  consumerUrl: 'http://127.0.0.1:4771',
}

describe('curlCommand', () => {
  it('gets a token, then calls /r1/{service}{path} with the client header', () => {
    const request = { clientId: 'KG/COM/10000001/kyc-app', method: 'GET' as const, path: '/1' }
    expect(curlCommand({ ...base, request })).toBe(
      [
        'T=$(npx kopuro token --client KG/COM/10000001/kyc-app)',
        'curl -i \\',
        '  -H "Authorization: Bearer $T" \\',
        "  -H 'X-Road-Client: KG/COM/10000001/kyc-app' \\",
        '  http://127.0.0.1:4771/r1/KG/GOV/70000001/population/persons/1',
      ].join('\n'),
    )
  })

  it('adds the method, X-Road headers and a quoted body, and names a non-default sandbox file', () => {
    const request = {
      clientId: 'KG/COM/10000002/citizen-app',
      method: 'POST' as const,
      path: '/FN1/payments?x=1&y=2',
      body: `{"payer":"O'Brien"}`,
      userId: 'KG22905199138381',
      issue: 'case 7',
    }
    const text = curlCommand({ ...base, request, sandboxFile: '/tmp/sb/sandbox.json' })
    expect(text).toContain('--client KG/COM/10000002/citizen-app --sandbox /tmp/sb/sandbox.json)')
    expect(text).toContain('-X POST')
    expect(text).toContain("-H 'X-Road-UserId: KG22905199138381'")
    expect(text).toContain("-H 'X-Road-Issue: case 7'")
    expect(text).toContain(`--data '{"payer":"O'\\''Brien"}'`)
    expect(text).toContain(
      "'http://127.0.0.1:4771/r1/KG/GOV/70000001/population/persons/FN1/payments?x=1&y=2'",
    )
  })

  it('leaves the default sandbox file out of the token command', () => {
    const request = { clientId: 'KG/COM/10000001/kyc-app', method: 'GET' as const, path: '' }
    const text = curlCommand({ ...base, request, sandboxFile: resolve('.kopuro/sandbox.json') })
    expect(text).not.toContain('--sandbox')
  })
})

describe('shellQuote', () => {
  it('quotes anything a shell would interpret', () => {
    expect(shellQuote('plain/text-1.0')).toBe('plain/text-1.0')
    expect(shellQuote('$HOME')).toBe("'$HOME'")
    expect(shellQuote("it's")).toBe(`'it'\\''s'`)
  })
})
