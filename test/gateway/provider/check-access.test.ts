// Default-deny access on plain values: a grant on the service and normalised path, then enabled.
import { describe, expect, it } from 'vitest'
import { normaliseServicePath } from '#gateway/access/index.js'
import { parseRestPath } from '#gateway/identifiers/index.js'
import { GatewayError } from '#gateway/lib/errors.js'
import { checkAccess, checkGrant } from '#gateway/provider/check-access.js'
import { MARKETING_APP, PERSONS, PIN } from '../exchange/fixtures.js'
import { federationExchange, personsService, providerContext } from './fixtures.js'

const ctx = providerContext()
const service = personsService()

function refusal(run: () => void): [number, string] {
  try {
    run()
  } catch (e) {
    expect(e).toBeInstanceOf(GatewayError)
    return [(e as GatewayError).status, (e as GatewayError).code]
  }
  return expect.fail('expected a refusal')
}

describe('checkAccess', () => {
  it('grants the kyc-app a GET of one person', () => {
    const exchange = federationExchange()
    const path = normaliseServicePath(exchange.target.path)
    expect(path.segments).toEqual([PIN])
    expect(checkAccess(ctx, exchange, service, 'GET', path)).toBeUndefined()
  })

  it('denies a client without a grant', () => {
    const exchange = federationExchange({ client: MARKETING_APP })
    const path = normaliseServicePath(exchange.target.path)
    expect(refusal(() => checkAccess(ctx, exchange, service, 'GET', path))).toEqual([
      403,
      'server.serverproxy.access_denied',
    ])
  })

  it('denies a method or a path below the grant', () => {
    const exchange = federationExchange({ target: parseRestPath(`/r1/${PERSONS}/${PIN}/family`) })
    const deeper = normaliseServicePath(exchange.target.path)
    expect(refusal(() => checkAccess(ctx, exchange, service, 'GET', deeper))).toEqual([
      403,
      'server.serverproxy.access_denied',
    ])
    const path = normaliseServicePath(federationExchange().target.path)
    expect(refusal(() => checkAccess(ctx, federationExchange(), service, 'DELETE', path))).toEqual([
      403,
      'server.serverproxy.access_denied',
    ])
  })

  it('shows a disabled service’s notice to a granted client only', () => {
    const disabled = personsService({ disabledNotice: 'maintenance until 14:00' })
    const path = normaliseServicePath(federationExchange().target.path)
    let error: unknown
    try {
      checkAccess(ctx, federationExchange(), disabled, 'GET', path)
    } catch (e) {
      error = e
    }
    expect(error).toMatchObject({
      status: 503,
      code: 'server.serverproxy.service_disabled',
      message: 'The service is disabled: maintenance until 14:00',
    })
    const stranger = federationExchange({ client: MARKETING_APP })
    expect(refusal(() => checkAccess(ctx, stranger, disabled, 'GET', path))).toEqual([
      403,
      'server.serverproxy.access_denied',
    ])
  })
})

describe('checkGrant', () => {
  it('asks the access policy with the client, service, method and normalised segments', () => {
    const asked: unknown[] = []
    const spy = {
      isAllowed: (request: unknown) => {
        asked.push(request)
        return false
      },
    }
    const exchange = federationExchange({ target: parseRestPath(`/r1/${PERSONS}/a/../${PIN}`) })
    const path = normaliseServicePath(exchange.target.path)
    expect(refusal(() => checkGrant(spy, exchange, 'GET', path))).toEqual([
      403,
      'server.serverproxy.access_denied',
    ])
    expect(asked).toEqual([
      { client: exchange.client, service: PERSONS, method: 'GET', segments: [PIN] },
    ])
  })
})
