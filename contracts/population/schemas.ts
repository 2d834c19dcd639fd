// JSON Schemas (2020-12) of the population register's resources, as OpenAPI components.

import type { SchemaObject } from 'openapi3-ts/oas31'
import { PROBLEM_SCHEMA } from '../shared/problem.js'

const ref = (name: string): SchemaObject => ({ $ref: `#/components/schemas/${name}` })
const nullable = (name: string): SchemaObject => ({ anyOf: [ref(name), { type: 'null' }] })
const date = (description: string): SchemaObject => ({
  type: 'string',
  format: 'date',
  description,
})
const name = (description: string): SchemaObject => ({ type: 'string', minLength: 1, description })

/** A registered address's fields, shared by the `RegisteredAddress` and `PersonAddress` shapes. */
const ADDRESS_PROPERTIES: Record<string, SchemaObject> = {
  region: { type: 'string', description: 'Region (oblast) or city of republican significance.' },
  city: { type: 'string' },
  street: { type: 'string' },
  house: { type: 'string', description: 'House number, possibly with a letter (`12A`).' },
  apartment: { type: 'string', description: 'Flat number; absent for a private house.' },
  registeredSince: date('Date the registration at this address began.'),
}
const ADDRESS_REQUIRED = ['region', 'city', 'street', 'house', 'registeredSince']

const SUMMARY_PROPERTIES: Record<string, SchemaObject> = {
  pin: ref('Pin'),
  lastName: name('Surname, in the form for the person’s sex, or `<father> uulu|kyzy`.'),
  firstName: name('Given name.'),
  patronymic: { type: ['string', 'null'], description: 'Null when the surname is traditional.' },
  sex: ref('Sex'),
  dateOfBirth: date('Date of birth.'),
  status: ref('PersonStatus'),
}
const SUMMARY_REQUIRED = Object.keys(SUMMARY_PROPERTIES)

/** The component schemas, by name. */
export const POPULATION_SCHEMAS: Record<string, SchemaObject> = {
  Pin: {
    type: 'string',
    pattern: '^[12][0-9]{13}$',
    description:
      'Personal identification number: 1 (female) or 2 (male), date of birth DDMMYYYY, ' +
      'then a 5-digit serial.',
    examples: ['22905199138381'],
  },
  Sex: { type: 'string', enum: ['female', 'male'] },
  PersonStatus: { type: 'string', enum: ['alive', 'deceased'] },
  RegisteredAddress: {
    type: 'object',
    additionalProperties: false,
    required: ADDRESS_REQUIRED,
    properties: ADDRESS_PROPERTIES,
  },
  Person: {
    type: 'object',
    additionalProperties: false,
    required: [
      ...SUMMARY_REQUIRED,
      'placeOfBirth',
      'citizenship',
      'dateOfDeath',
      'address',
      'spousePin',
      'parentPins',
      'childPins',
    ],
    properties: {
      ...SUMMARY_PROPERTIES,
      placeOfBirth: { type: 'string', description: 'Town of birth.' },
      citizenship: { type: 'string', pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2.' },
      dateOfDeath: { type: ['string', 'null'], format: 'date' },
      address: ref('RegisteredAddress'),
      spousePin: nullable('Pin'),
      parentPins: { type: 'array', items: ref('Pin'), maxItems: 2, uniqueItems: true },
      childPins: { type: 'array', items: ref('Pin'), uniqueItems: true },
    },
  },
  PersonSummary: {
    type: 'object',
    additionalProperties: false,
    required: SUMMARY_REQUIRED,
    properties: SUMMARY_PROPERTIES,
  },
  PersonPage: {
    type: 'object',
    additionalProperties: false,
    required: ['items', 'page', 'limit', 'total'],
    properties: {
      items: { type: 'array', items: ref('PersonSummary'), maxItems: 100 },
      page: { type: 'integer', minimum: 1 },
      limit: { type: 'integer', minimum: 1, maximum: 100 },
      total: { type: 'integer', minimum: 0, description: 'Matches across all pages.' },
    },
  },
  Family: {
    type: 'object',
    additionalProperties: false,
    required: ['pin', 'spouse', 'parents', 'children'],
    properties: {
      pin: ref('Pin'),
      spouse: nullable('PersonSummary'),
      parents: { type: 'array', items: ref('PersonSummary'), maxItems: 2 },
      children: { type: 'array', items: ref('PersonSummary') },
    },
  },
  PersonAddress: {
    type: 'object',
    additionalProperties: false,
    required: ['pin', ...ADDRESS_REQUIRED],
    properties: { pin: ref('Pin'), ...ADDRESS_PROPERTIES },
  },
  Problem: PROBLEM_SCHEMA,
}
