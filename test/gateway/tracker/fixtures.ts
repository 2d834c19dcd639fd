// Data-tracker test helpers: a key, a small directory view, contract endpoints, provider records.
import { readFileSync } from 'node:fs'
import type { OpenAPIObject } from 'openapi3-ts/oas31'
import type { AuditRecordInput } from '#gateway/audit/index.js'
import { createDirectoryView, type DirectoryView } from '#gateway/directory/index.js'
import { deriveEndpoints, type ServiceEndpoint } from '#gateway/publication/index.js'
import { sampleRecord } from '../../support/audit-fixtures.js'

export const KEY = new Uint8Array(32).fill(7)
export const CITIZEN = '22905199138381'
export const OTHER_CITIZEN = '11203198512345'
export const BANK_APP = 'KG/COM/10000001/kyc-app'
export const AGENCY_APP = 'KG/GOV/70000009/surveillance'
export const POPULATION = 'KG/GOV/70000001/population'
export const PERSONS = `${POPULATION}/persons`
export const COVERT_GROUP = 'covert-access'

/** A directory with the bank (named), the agency (in the covert group) and the provider. */
export function testView(covertMembers: string[] = [AGENCY_APP]): DirectoryView {
  const member = (id: string, name: string, code: string) => ({
    id,
    name,
    subsystems: [{ code }],
    signingKeys: [],
    nodes: [],
  })
  return createDirectoryView({
    instance: 'KG',
    serial: 1,
    issuedAt: '2026-01-01T00:00:00Z',
    expiresAt: '2027-01-01T00:00:00Z',
    memberClasses: [],
    members: [
      member('KG/COM/10000001', 'Bank', 'kyc-app'),
      member('KG/GOV/70000009', 'State Security Service', 'surveillance'),
      member('KG/GOV/70000001', 'Population Registry Agency', 'population'),
    ],
    services: [],
    federationCas: [],
    globalGroups: [
      { code: COVERT_GROUP, description: 'Lawful covert access', members: covertMembers },
    ],
    revocations: { keys: [], certificates: [] },
  })
}

/** The endpoints a service of `contracts/{name}` publishes under `basePath`. */
export function contractEndpoints(name: string, basePath: string): ServiceEndpoint[] {
  const url = new URL(`../../../contracts/${name}/openapi.json`, import.meta.url)
  return deriveEndpoints(JSON.parse(readFileSync(url, 'utf8')) as OpenAPIObject, basePath)
}

/** A provider-side record of a successful read of a person by `client`, received at `at`. */
export function usageRecord(
  dataSubject: string | undefined,
  client: string,
  at: string,
  change: Partial<AuditRecordInput> = {},
): AuditRecordInput {
  const base = sampleRecord(1)
  return {
    ...base,
    side: 'provider',
    xRoadId: `x-${client}-${at}`,
    client,
    service: PERSONS,
    path: '/{pin}',
    dataSubject,
    operation: 'getPerson',
    purpose: 'loan-42',
    timings: { ...base.timings, receivedAt: at, respondedAt: at },
    ...change,
  }
}
