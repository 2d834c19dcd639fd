// The try-it form's checks: what reaches a gateway is a known client, a method, a well-formed path.
import { describe, expect, it } from 'vitest'
import { checkPath, parseTryForm, tryFormFrom, type TryForm } from '#sandbox/console/try-request.js'

const CLIENTS = ['KG/COM/10000001/kyc-app', 'KG/GOV/70000006/portal']
const form = (over: Partial<TryForm> = {}): TryForm => ({
  client: CLIENTS[0]!,
  method: 'GET',
  path: '/22905199138381',
  body: '',
  userId: '',
  issue: '',
  ...over,
})

describe('parseTryForm', () => {
  it('accepts a plain GET and keeps only what was filled in', () => {
    expect(parseTryForm(form(), CLIENTS)).toEqual({
      ok: true,
      request: { clientId: CLIENTS[0], method: 'GET', path: '/22905199138381' },
    })
  })

  it('passes a JSON body, the user id and the issue on', () => {
    const parsed = parseTryForm(
      form({ method: 'POST', path: '/', body: ' {"a": 1} ', userId: 'KG123', issue: 'case 7' }),
      CLIENTS,
    )
    expect(parsed).toEqual({
      ok: true,
      request: {
        clientId: CLIENTS[0],
        method: 'POST',
        path: '',
        body: '{"a": 1}',
        userId: 'KG123',
        issue: 'case 7',
      },
    })
  })

  it.each([
    [{ client: 'KG/COM/99999999/nobody' }, /Unknown client/],
    [{ method: 'TRACE' }, /Unsupported method/],
    [{ path: 'persons' }, /must start with/],
    [{ method: 'POST', body: '{"a": ' }, /not valid JSON/],
    [{ body: '{}' }, /GET request takes no body/],
    [{ userId: 'Ülo' }, /X-Road-UserId may hold only printable ASCII/],
    [{ issue: 'x'.repeat(256) }, /X-Road-Issue may hold only/],
  ])('refuses %o with a clear error', (over, error) => {
    const parsed = parseTryForm(form(over as Partial<TryForm>), CLIENTS)
    expect(parsed.ok).toBe(false)
    expect(!parsed.ok && parsed.error).toMatch(error)
  })

  it('never repeats the typed value in its error', () => {
    const parsed = parseTryForm(form({ path: '/<script>alert(1)</script>' }), CLIENTS)
    expect(!parsed.ok && parsed.error).not.toContain('<script>')
  })
})

describe('checkPath', () => {
  it.each(['', '/', '/22905199138381', '/x/family', '?ownerPin=1&page=2', '/a%20b'])(
    'accepts %j',
    (path) => expect(checkPath(path)).toBeUndefined(),
  )

  it.each(['/a b', '/a#b', '/ä', '/%zz', '/../secret', '/a/%2e%2e/b', '/./a', 'a'])(
    'refuses %j',
    (path) => expect(checkPath(path)).toEqual(expect.any(String)),
  )
})

describe('tryFormFrom', () => {
  it('reads text fields and ignores files and missing ones', () => {
    const file = new File(['x'], 'x.txt')
    expect(tryFormFrom({ client: ' a ', method: 'post', path: file })).toEqual({
      client: 'a',
      method: 'POST',
      path: '',
      body: '',
      userId: '',
      issue: '',
    })
  })
})
