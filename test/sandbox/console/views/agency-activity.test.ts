// What the agency view reads from its nodes' logs: service state per node, and its callers.
import { describe, expect, it } from 'vitest'
import type { AuditRecord } from '#gateway/audit/index.js'
import { callersOf, serviceStates } from '#sandbox/console/views/agency-activity.js'
import { parseEndpoints, parsePublicationForm } from '#sandbox/console/views/agency-forms.js'

const PERSONS = 'KG/GOV/70000001/population/persons'
const PEOPLE = 'KG/GOV/70000001/population/people'

let seq = 0
function record(fields: Partial<AuditRecord>): AuditRecord {
  seq++
  return {
    seq,
    time: `2026-01-01T00:00:${String(seq).padStart(2, '0')}.000Z`,
    prev: '',
    side: 'provider',
    node: 'KG/GOV/70000001/gw1',
    xRoadId: `x-${seq}`,
    requestId: `r-${seq}`,
    client: 'KG/COM/10000001/kyc-app',
    service: PERSONS,
    method: 'GET',
    path: '/{pin}',
    status: 200,
    timings: { receivedAt: '', respondedAt: '', durationMs: 0 },
    sizes: { request: 0, response: 0 },
    digests: {},
    signatures: {},
    ...fields,
  }
}

const admin = (service: string, kind: string, detail: Record<string, unknown> = {}) =>
  record({ side: 'admin', service, client: 'admin:sandbox-admin', action: { kind, detail } })

describe('serviceStates', () => {
  it('shows each service as every node publishes it, and a silent node as unknown', () => {
    const states = serviceStates(
      [{ id: PERSONS, title: 'Persons' }],
      [
        {
          node: 'gw1',
          services: [
            { id: PERSONS, title: 'Persons', disabled: true, notice: 'Moved' },
            { id: PEOPLE, title: null, disabled: false, notice: null },
          ],
        },
        { node: 'gw2', services: [{ id: PERSONS, title: null, disabled: false, notice: null }] },
        { node: 'gw3' },
      ],
    )
    expect(states).toEqual([
      {
        id: PERSONS,
        title: 'Persons',
        nodes: [
          { node: 'gw1', published: true, disabledNotice: 'Moved' },
          { node: 'gw2', published: true },
          { node: 'gw3', published: false, unknown: true },
        ],
      },
      {
        id: PEOPLE,
        nodes: [
          { node: 'gw1', published: true },
          { node: 'gw2', published: false },
          { node: 'gw3', published: false, unknown: true },
        ],
      },
    ])
  })
})

describe('callersOf', () => {
  it('groups the agency’s provider-side exchanges per client, busiest first', () => {
    const callers = callersOf(
      [
        record({ client: 'KG/NGO/20000001/watch-app', status: 403 }),
        record({}),
        record({ status: 503 }),
        record({ side: 'consumer' }),
        record({ service: 'KG/GOV/70000002/transport/vehicles' }),
        admin(PERSONS, 'grant'),
      ],
      'KG/GOV/70000001',
    )
    expect(callers.map((c) => [c.client, c.calls, c.statuses])).toEqual([
      ['KG/COM/10000001/kyc-app', 2, { 200: 1, 503: 1 }],
      ['KG/NGO/20000001/watch-app', 1, { 403: 1 }],
    ])
    expect(callers[0]!.lastCall).toBe(`2026-01-01T00:00:${String(seq - 3).padStart(2, '0')}.000Z`)
  })
})

describe('agency forms', () => {
  it('reads endpoints one per line, and refuses a line that is no method and path', () => {
    expect(parseEndpoints('')).toEqual({ ok: true, value: undefined })
    expect(parseEndpoints('get /*\n\n* /**')).toEqual({
      ok: true,
      value: [
        { method: 'GET', path: '/*' },
        { method: '*', path: '/**' },
      ],
    })
    expect(parseEndpoints('GET /*\njust words')).toMatchObject({ ok: false })
  })

  it('refuses an endpoint line the grant check of the gateway would refuse, naming line and rule', () => {
    expect(parseEndpoints('GET /*\nGET /*/**/address')).toEqual({
      ok: false,
      reason: 'Endpoint line 2, path /*/**/address: `**` may only be the last segment.',
    })
    expect(parseEndpoints('TRACE /*')).toEqual({
      ok: false,
      reason:
        'Endpoint line 1, method TRACE: must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, *.',
    })
    expect(parseEndpoints('GET persons')).toEqual({
      ok: false,
      reason: 'Endpoint line 1, path persons: must start with /.',
    })
    expect(parseEndpoints('GET /{pin}')).toMatchObject({ ok: false })
  })

  it('builds a publication, with the contract parsed when there is one', () => {
    const form = { subsystem: 'KG/GOV/70000001/population', code: 'people', title: '' }
    expect(
      parsePublicationForm({
        ...form,
        url: 'http://127.0.0.1:1/p',
        contract: '{"openapi":"3.1.0"}',
      }),
    ).toEqual({
      ok: true,
      value: { id: PEOPLE, url: 'http://127.0.0.1:1/p', contract: { openapi: '3.1.0' } },
    })
    expect(parsePublicationForm({ ...form, url: 'ftp://x', contract: '' })).toMatchObject({
      ok: false,
    })
    expect(parsePublicationForm({ ...form, url: 'http://x', contract: '{' })).toMatchObject({
      ok: false,
    })
    expect(
      parsePublicationForm({ ...form, code: 'a b', url: 'http://x', contract: '' }),
    ).toMatchObject({
      ok: false,
    })
  })
})
