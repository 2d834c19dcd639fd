// The test setup's error log check (test/support/fail-on-error-logs.ts): the project's loggers
// report error and fatal lines, and undeclared ones, or declared ones that never came, are named.
import { describe, expect, it } from 'vitest'
import { createLogger } from '#gateway/lib/logger.js'
import { allowErrorLog, expectErrorLog, takeErrorLogProblems } from '../../support/error-logs.js'

const logger = createLogger({ name: 'error-log-check' })

describe('error log check', () => {
  it('names an undeclared error or fatal line, from a logger or its child', () => {
    logger.child({ part: 'x' }).error({ correlationId: 'c1' }, 'something broke')
    logger.fatal('the end')
    logger.warn('only a warning')
    expect(takeErrorLogProblems()).toEqual([
      'unexpected error log line from error-log-check: "something broke" {"correlationId":"c1"}',
      'unexpected fatal log line from error-log-check: "the end"',
    ])
  })

  it('accepts an expected line, and names an expected line that never came', () => {
    expectErrorLog('message log write failed')
    expectErrorLog(/^never/)
    logger.error({ err: 'AuditLogError[closed]: closed' }, 'message log write failed')
    expect(takeErrorLogProblems()).toEqual(['expected an error log line /^never/, none came'])
  })

  it('matches the fields a declaration names, by value', () => {
    expectErrorLog('exchange failed', { code: 'server.clientproxy.timeout' })
    logger.error({ code: 'server.clientproxy.timeout', correlationId: 'a' }, 'exchange failed')
    logger.error({ code: 'server.clientproxy.internal_error' }, 'exchange failed')
    expect(takeErrorLogProblems()).toEqual([
      'unexpected error log line from error-log-check: "exchange failed" {"code":"server.clientproxy.internal_error"}',
    ])
    expectErrorLog('exchange failed', { code: 'server.clientproxy.timeout' })
    expect(takeErrorLogProblems()).toEqual([
      'expected an error log line "exchange failed" with {"code":"server.clientproxy.timeout"}, none came',
    ])
  })

  it('accepts an allowed line whether or not it comes; a string matches the whole message', () => {
    allowErrorLog('republication failed')
    allowErrorLog(/^absent/)
    logger.error('republication failed')
    logger.error('republication failed again')
    expect(takeErrorLogProblems()).toEqual([
      'unexpected error log line from error-log-check: "republication failed again"',
    ])
  })

  it('starts each test afresh: what a test declared does not carry over', () => {
    logger.error('message log write failed')
    expect(takeErrorLogProblems()).toHaveLength(1)
  })

  it('lets the test fail through the setup’s afterEach when a line is left unchecked', () => {
    // Declared here so that this test passes; without the declaration the afterEach would fail it.
    expectErrorLog('left for the afterEach')
    logger.error('left for the afterEach')
  })
})
