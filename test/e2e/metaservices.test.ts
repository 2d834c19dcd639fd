// X-Road's REST metaservices through real gateways: listClients, listMethods, allowedMethods, getOpenAPI.
import { Validator } from '@seriousme/openapi-schema-validator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  KYC_APP,
  MARKETING_APP,
  PROVIDER,
  startTestFederation,
  type TestFederation,
} from '../support/test-federation.js'

let fed: TestFederation
const SUBSYSTEM = `${PROVIDER}/population`

beforeAll(async () => {
  fed = await startTestFederation()
})
afterAll(() => fed?.close())

async function meta(client: string, path: string) {
  const token = await fed.token(client)
  const res = await fetch(`${fed.bank.consumerUrl}/r1/${SUBSYSTEM}/${path}`, {
    headers: { authorization: `Bearer ${token}`, 'x-road-client': client },
  })
  return { res, body: (await res.json()) as Record<string, unknown> }
}

type ServiceList = {
  service: {
    service_code: string
    service_type: string
    endpoint_list: { method: string; path: string }[]
  }[]
}

describe('metaservices', () => {
  it('listClients lists the federation’s members and subsystems', async () => {
    const res = await fetch(`${fed.bank.consumerUrl}/listClients`)
    const body = (await res.json()) as { member: { id: Record<string, string>; name: string }[] }
    expect(res.status).toBe(200)
    expect(body.member).toContainEqual({
      id: {
        object_type: 'SUBSYSTEM',
        xroad_instance: 'KG',
        member_class: 'COM',
        member_code: '10000001',
        subsystem_code: 'kyc-app',
      },
      name: expect.any(String),
    })
    expect(
      body.member.some(
        (m) => m.id['object_type'] === 'MEMBER' && m.id['member_code'] === '70000001',
      ),
    ).toBe(true)
    const other = (await (
      await fetch(`${fed.bank.consumerUrl}/listClients?xRoadInstance=EE`)
    ).json()) as { member: unknown[] }
    expect(other.member).toEqual([])
  })

  it('listMethods lists every service with endpoints derived from its contract', async () => {
    const { res, body } = await meta(MARKETING_APP, 'listMethods')
    expect(res.status).toBe(200)
    expect(res.headers.get('signature')).toBeTruthy()
    const persons = (body as unknown as ServiceList).service.find(
      (s) => s.service_code === 'persons',
    )!
    expect(persons.service_type).toBe('OPENAPI')
    expect(persons.endpoint_list).toEqual(
      expect.arrayContaining([
        { method: 'GET', path: '/*' },
        { method: 'GET', path: '/*/family' },
        { method: 'GET', path: '/*/address' },
        { method: 'GET', path: '/' },
      ]),
    )
  })

  it('allowedMethods lists only what the caller’s grants open, and differs per client', async () => {
    const kyc = (await meta(KYC_APP, 'allowedMethods')).body as unknown as ServiceList
    const marketing = (await meta(MARKETING_APP, 'allowedMethods')).body as unknown as ServiceList
    const persons = kyc.service.find((s) => s.service_code === 'persons')!
    expect(persons.endpoint_list).toContainEqual({ method: 'GET', path: '/*' })
    expect(persons.endpoint_list).not.toContainEqual({ method: 'GET', path: '/*/family' })
    expect(marketing.service.map((s) => s.service_code)).toEqual(['limited'])
    expect(kyc.service.map((s) => s.service_code).sort()).toEqual(
      ['down', 'echo', 'limited', 'persons', 'retired', 'slow'].sort(),
    )
  })

  it('getOpenAPI returns the service’s contract, relative to the service, which validates', async () => {
    const { res, body } = await meta(KYC_APP, 'getOpenAPI?serviceCode=persons')
    expect(res.status).toBe(200)
    expect(body['servers']).toEqual([{ url: `/r1/${SUBSYSTEM}/persons` }])
    expect(Object.keys(body['paths'] as object)).toEqual(
      expect.arrayContaining(['/{pin}', '/{pin}/family', '/']),
    )
    const result = await new Validator().validate(body)
    expect(result.errors).toBeUndefined()
    expect(result.valid).toBe(true)
  })

  it('getOpenAPI for an unknown service code is unknown_service', async () => {
    const { res, body } = await meta(KYC_APP, 'getOpenAPI?serviceCode=nothing')
    expect([res.status, res.headers.get('x-road-error'), body['type']]).toEqual([
      404,
      'server.serverproxy.unknown_service',
      'server.serverproxy.unknown_service',
    ])
  })
})
