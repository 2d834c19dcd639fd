// describeError: one log line for an error and its causes; errorMessage: the error's own text.
import { describe, expect, it } from 'vitest'
import { AuditLogError } from '#gateway/audit/index.js'
import { describeError, errorMessage } from '#gateway/lib/describe-error.js'
import { GatewayError } from '#gateway/lib/errors.js'
import { KopuroError } from '#gateway/lib/kopuro-error.js'

describe('describeError', () => {
  it('names a plain Error and its message', () => {
    expect(describeError(new Error('boom'))).toBe('Error: boom')
    expect(describeError(new TypeError('not a function'))).toBe('TypeError: not a function')
    expect(describeError(new Error())).toBe('Error')
  })

  it('puts a KopuroError’s code beside its name, and a system error’s code too', () => {
    expect(describeError(new KopuroError('some_code', 'on top'))).toBe(
      'KopuroError[some_code]: on top',
    )
    const enoent = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' })
    expect(describeError(enoent)).toBe('Error[ENOENT]: ENOENT: no such file')
  })

  it('walks the cause chain, outermost first', () => {
    const io = Object.assign(new Error('i/o error'), { code: 'EIO' })
    const log = new AuditLogError('write_failed', 'segment-000001.jsonl: write failed', {
      cause: io,
    })
    const error = new GatewayError('server.serverproxy.logging_failed', { cause: log })
    expect(describeError(error)).toBe(
      `GatewayError[server.serverproxy.logging_failed]: ${error.message}` +
        ' <- AuditLogError[write_failed]: segment-000001.jsonl: write failed' +
        ' <- Error[EIO]: i/o error',
    )
  })

  it('names a value that is not an Error by its type only, never its content', () => {
    expect(describeError('secret text')).toBe('non-Error value (string)')
    expect(describeError({ token: 'x' })).toBe('non-Error value (object)')
    expect(describeError(null)).toBe('non-Error value (null)')
    expect(describeError(undefined)).toBe('non-Error value (undefined)')
    expect(describeError(new Error('outer', { cause: 42 }))).toBe(
      'Error: outer <- non-Error value (number)',
    )
  })

  it('writes only name, code and message: no other field an error carries', () => {
    const error = Object.assign(new KopuroError('bad', 'refused'), { body: 'payload-bytes' })
    expect(describeError(error)).not.toContain('payload-bytes')
  })

  it('ends a cause chain that loops back on itself at the repeat', () => {
    const a = new Error('a')
    const b = new Error('b', { cause: a })
    Object.defineProperty(a, 'cause', { value: b })
    expect(describeError(a)).toBe('Error: a <- Error: b <- (cycle)')
    const self = new Error('self')
    Object.defineProperty(self, 'cause', { value: self })
    expect(describeError(self)).toBe('Error: self <- (cycle)')
  })

  it('elides a chain longer than eight errors', () => {
    let error = new Error('e0')
    for (let i = 1; i < 20; i++) error = new Error(`e${i}`, { cause: error })
    const parts = describeError(error).split(' <- ')
    expect(parts).toHaveLength(9)
    expect(parts[0]).toBe('Error: e19')
    expect(parts[7]).toBe('Error: e12')
    expect(parts[8]).toBe('…')
  })
})

describe('errorMessage', () => {
  it('is the error’s own message, without its causes; other values as strings', () => {
    expect(
      errorMessage(new KopuroError('usage', 'bad flag', { cause: new Error('beneath') })),
    ).toBe('bad flag')
    expect(errorMessage('plain')).toBe('plain')
    expect(errorMessage(7)).toBe('7')
  })
})
