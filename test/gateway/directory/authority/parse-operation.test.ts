// Admin request bodies: allow-listed fields and JSON types only.
import { describe, expect, it } from 'vitest'
import { parseOperation } from '#gateway/directory/authority/index.js'
import { AGENCY, codeOf } from './fixtures.js'

describe('parseOperation', () => {
  it('accepts allow-listed fields of the right JSON types only', async () => {
    expect(parseOperation('register-member', { id: AGENCY, name: 'A' })).toEqual({
      op: 'register-member',
      id: AGENCY,
      name: 'A',
    })
    expect(await codeOf(() => parseOperation('drop-tables', {}))).toBe('unknown_operation')
    expect(await codeOf(() => parseOperation('register-member', { id: AGENCY }))).toBe(
      'invalid_request',
    )
    expect(
      await codeOf(() =>
        parseOperation('register-member', { id: AGENCY, name: 'A', op: 'approve' }),
      ),
    ).toBe('invalid_request')
    expect(await codeOf(() => parseOperation('register-member', { id: 1, name: 'A' }))).toBe(
      'invalid_request',
    )
    expect(await codeOf(() => parseOperation('register-member', [AGENCY]))).toBe('invalid_request')
    expect(await codeOf(() => parseOperation('rotate-key', { memberId: AGENCY, jwk: 'x' }))).toBe(
      'invalid_request',
    )
  })
})
