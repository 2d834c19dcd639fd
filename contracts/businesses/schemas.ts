// JSON Schemas (2020-12) of the businesses register's resources, as OpenAPI components.

import type { SchemaObject } from 'openapi3-ts/oas31'
import { BUSINESS_STATUSES, MAX_LIMIT } from '../../services/businesses/index.js'
import { PROBLEM_SCHEMA } from '../shared/problem.js'
import { EXAMPLE_TIN } from './examples.js'

const ref = (name: string): SchemaObject => ({ $ref: `#/components/schemas/${name}` })
const date = (description: string): SchemaObject => ({
  type: 'string',
  format: 'date',
  description,
})
const object = (properties: Record<string, SchemaObject>, optional: string[] = []) => ({
  type: 'object' as const,
  additionalProperties: false,
  required: Object.keys(properties).filter((key) => !optional.includes(key)),
  properties,
})

const SUMMARY_PROPERTIES: Record<string, SchemaObject> = {
  tin: ref('Tin'),
  name: { type: 'string', minLength: 1, description: 'Registered name, with the legal form.' },
  legalForm: ref('LegalForm'),
  status: ref('BusinessStatus'),
  registeredAt: date('Date of state registration.'),
}

const DIRECTOR_PROPERTIES: Record<string, SchemaObject> = {
  pin: ref('Pin'),
  role: {
    type: 'string',
    enum: ['director', 'founder'],
    description: 'A director manages, a founder holds a share; one person may hold both roles.',
  },
  since: date('Date the person took the role.'),
}

/** The component schemas, by name. */
export const BUSINESSES_SCHEMAS: Record<string, SchemaObject> = {
  Tin: {
    type: 'string',
    pattern: '^[012][0-9]{13}$',
    description:
      'Taxpayer identification number (INN), 14 digits. A legal entity’s is 0, its registration ' +
      'date DDMMYYYY and a 5-digit serial; an individual entrepreneur’s is the owner’s PIN.',
    examples: [EXAMPLE_TIN],
  },
  Pin: {
    type: 'string',
    pattern: '^[12][0-9]{13}$',
    description: 'Personal identification number, as in the population register.',
  },
  LegalForm: {
    type: 'string',
    enum: ['LLC', 'JSC', 'IE'],
    description:
      'LLC: limited liability company (OsOO); JSC: joint-stock company (AO); IE: individual ' +
      'entrepreneur (IP), trading under the owner’s name and PIN.',
  },
  BusinessStatus: { type: 'string', enum: [...BUSINESS_STATUSES] },
  Address: object(
    {
      region: {
        type: 'string',
        description: 'Region (oblast) or city of republican significance.',
      },
      city: { type: 'string' },
      street: { type: 'string' },
      house: { type: 'string' },
      apartment: { type: 'string', description: 'Office or flat number, when there is one.' },
    },
    ['apartment'],
  ),
  Activity: object({
    code: { type: 'string', pattern: '^[0-9]{2}\\.[0-9]{2}$', description: 'OKED class.' },
    description: { type: 'string' },
  }),
  Director: object(DIRECTOR_PROPERTIES),
  Business: object({
    ...SUMMARY_PROPERTIES,
    liquidatedAt: {
      type: ['string', 'null'],
      format: 'date',
      description: 'Null unless liquidated.',
    },
    address: ref('Address'),
    activity: ref('Activity'),
    directors: {
      type: 'array',
      items: ref('Director'),
      minItems: 1,
      description: 'The current director first, then the founders.',
    },
    employees: { type: 'integer', minimum: 0, description: 'Head count; 0 unless active.' },
  }),
  BusinessSummary: object(SUMMARY_PROPERTIES),
  BusinessPage: object({
    items: { type: 'array', items: ref('BusinessSummary'), maxItems: MAX_LIMIT },
    page: { type: 'integer', minimum: 1 },
    limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT },
    total: { type: 'integer', minimum: 0, description: 'Matches across all pages.' },
  }),
  NamedDirector: object({
    pin: ref('Pin'),
    lastName: { type: 'string', minLength: 1 },
    firstName: { type: 'string', minLength: 1 },
    patronymic: { type: ['string', 'null'], description: 'Null when the surname is traditional.' },
    role: DIRECTOR_PROPERTIES['role'] as SchemaObject,
    since: DIRECTOR_PROPERTIES['since'] as SchemaObject,
  }),
  Directors: object({
    tin: ref('Tin'),
    directors: { type: 'array', items: ref('NamedDirector'), minItems: 1 },
  }),
  TaxStatus: object({
    tin: ref('Tin'),
    hasDebt: { type: 'boolean' },
    debtAmount: { type: 'number', minimum: 0, description: 'Outstanding tax debt in KGS.' },
    lastFiledPeriod: {
      type: ['string', 'null'],
      pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$',
      description: 'Last month (YYYY-MM) a return was filed for; null when none was due yet.',
    },
    status: {
      type: 'string',
      enum: ['good-standing', 'arrears', 'blocked'],
      description: 'blocked: the tax service has frozen the accounts for long non-filing or debt.',
    },
    checkedAt: {
      type: 'string',
      format: 'date-time',
      description: 'When the tax service last reconciled the account.',
    },
  }),
  Problem: PROBLEM_SCHEMA,
}
