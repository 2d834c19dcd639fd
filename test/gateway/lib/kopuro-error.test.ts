// The error family: one base, a typed code on every class, the standard cause.
import { describe, expect, it } from 'vitest'
import { AuditLogError, CheckpointError, WitnessPushError } from '#gateway/audit/index.js'
import { RefusedError } from '#gateway/cli/admin-request.js'
import { CliUsageError, UnreachableError } from '#gateway/cli/cli-errors.js'
import { AdminUsageError } from '#gateway/cli/directory-admin-params.js'
import { AuthorityError } from '#gateway/directory/authority/index.js'
import { DirectorySourceError } from '#gateway/directory/index.js'
import { EvidenceError } from '#gateway/evidence/index.js'
import { GatewayError } from '#gateway/lib/errors.js'
import { KopuroError } from '#gateway/lib/kopuro-error.js'
import { BodyTooLargeError } from '#gateway/lib/read-body.js'
import { DeadlineError } from '#gateway/lib/deadline.js'
import { UnsafeJsonError } from '#gateway/validation/index.js'
import { AppCallError } from '#sandbox/apps/app-call.js'
import { UsageError } from '#sandbox/apps/app-cli.js'
import { ProblemError } from '#services/shared/index.js'

describe('KopuroError', () => {
  it('carries its code, message and cause', () => {
    const cause = new Error('beneath')
    const error = new KopuroError('some_code', 'on top', { cause })
    expect(error).toBeInstanceOf(Error)
    expect(error).toMatchObject({ name: 'KopuroError', code: 'some_code', message: 'on top' })
    expect(error.cause).toBe(cause)
  })

  it('is the base of every error class, each with its code, name and message', () => {
    const cause = new Error('beneath')
    const call = { error: 'client.forbidden' } as ConstructorParameters<typeof AppCallError>[1]
    const cases: [KopuroError, string, string, string][] = [
      [new AuditLogError('closed', 'log closed'), 'AuditLogError', 'closed', 'log closed'],
      [new CheckpointError('key', 'wrong key'), 'CheckpointError', 'key', 'wrong key'],
      [new WitnessPushError(403, 'wrong_log_key', 'no'), 'WitnessPushError', 'wrong_log_key', 'no'],
      [new UnsafeJsonError('too_deep'), 'UnsafeJsonError', 'too_deep', 'body nests too deeply'],
      [new RefusedError('refused: 500', 500), 'RefusedError', 'refused', 'refused: 500'],
      [new AdminUsageError('--x is required'), 'AdminUsageError', 'usage', '--x is required'],
      [new CliUsageError('bad flag'), 'CliUsageError', 'usage', 'bad flag'],
      [new UnreachableError('no answer'), 'UnreachableError', 'unreachable', 'no answer'],
      [
        new DirectorySourceError('redirect'),
        'DirectorySourceError',
        'redirect',
        'directory source refused: redirect',
      ],
      [
        new AuthorityError('forbidden'),
        'AuthorityError',
        'forbidden',
        'The admin token does not grant this operation',
      ],
      [
        new DeadlineError(5),
        'DeadlineError',
        'deadline_exceeded',
        'no complete answer within 5 ms',
      ],
      [new BodyTooLargeError(9), 'BodyTooLargeError', 'body_too_large', 'body exceeds 9 bytes'],
      [
        new GatewayError('client.forbidden'),
        'GatewayError',
        'client.forbidden',
        'The token’s role may not do this',
      ],
      [new EvidenceError('unknown_exchange', 'none'), 'EvidenceError', 'unknown_exchange', 'none'],
      [
        new ProblemError({ code: 'invalid-pin', status: 400, title: 'Invalid PIN' }),
        'ProblemError',
        'invalid-pin',
        'Invalid PIN',
      ],
      [new ProblemError({ status: 404 }), 'ProblemError', 'about:blank', 'Not Found'],
      [new AppCallError('refused', call), 'AppCallError', 'client.forbidden', 'refused'],
      [new UsageError('one PIN at a time'), 'UsageError', 'usage', 'one PIN at a time'],
    ]
    for (const [error, name, code, message] of cases) {
      expect(error).toBeInstanceOf(KopuroError)
      expect({ name: error.name, code: error.code, message: error.message }).toEqual({
        name,
        code,
        message,
      })
    }
    expect(new GatewayError('client.invalid_token', { cause }).cause).toBe(cause)
    expect(new DirectorySourceError('unreachable', { cause }).cause).toBe(cause)
  })
})
