// JSON Schemas (2020-12) of the vehicles register's resources, as OpenAPI components.

import type { SchemaObject } from 'openapi3-ts/oas31'
import {
  LICENCE_CATEGORIES,
  LICENCE_STATUSES,
  MAX_LIMIT,
  VEHICLE_CATEGORIES,
} from '../../services/vehicles/index.js'
import { PROBLEM_SCHEMA } from '../shared/problem.js'
import { EXAMPLE_PIN, EXAMPLE_PLATE, EXAMPLE_VEHICLE } from './examples.js'

const ref = (name: string): SchemaObject => ({ $ref: `#/components/schemas/${name}` })
const date = (description: string): SchemaObject => ({
  type: 'string',
  format: 'date',
  description,
})

/** A page of `item`s, as every list operation answers. */
const page = (item: string): SchemaObject => ({
  type: 'object',
  additionalProperties: false,
  required: ['items', 'page', 'limit', 'total'],
  properties: {
    items: { type: 'array', items: ref(item), maxItems: MAX_LIMIT },
    page: { type: 'integer', minimum: 1 },
    limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT },
    total: { type: 'integer', minimum: 0, description: 'Matches across all pages.' },
  },
})

/** The component schemas, by name. */
export const VEHICLES_SCHEMAS: Record<string, SchemaObject> = {
  Pin: {
    type: 'string',
    pattern: '^[12][0-9]{13}$',
    description:
      'Personal identification number: 1 (female) or 2 (male), date of birth DDMMYYYY, ' +
      'then a 5-digit serial.',
    examples: [EXAMPLE_PIN],
  },
  Plate: {
    type: 'string',
    pattern: '^0[1-9]KG[0-9]{3}[A-Z]{3}$',
    description:
      'Registration plate (2016 standard) without spaces: region code 01–09 (01 Bishkek, ' +
      '02 Osh city, 03 Batken, 04 Jalal-Abad, 05 Naryn, 06 Osh, 07 Talas, 08 Chuy, ' +
      '09 Issyk-Kul), `KG`, three digits, three Latin letters. Printed as `01 KG 509 BAM`.',
    examples: [EXAMPLE_PLATE],
  },
  Vin: {
    type: 'string',
    pattern: '^[A-HJ-NPR-Z0-9]{17}$',
    description: 'Vehicle identification number (ISO 3779): 17 characters, never I, O or Q.',
    examples: [EXAMPLE_VEHICLE.vin],
  },
  VehicleCategory: {
    type: 'string',
    enum: [...VEHICLE_CATEGORIES],
    description: 'Licence category the vehicle needs: A motorcycle, B car, C truck, D bus.',
  },
  VehicleStatus: { type: 'string', enum: ['registered', 'deregistered', 'stolen'] },
  Vehicle: {
    type: 'object',
    additionalProperties: false,
    required: [
      'plate',
      'vin',
      'make',
      'model',
      'year',
      'colour',
      'category',
      'ownerPin',
      'registeredAt',
      'status',
    ],
    properties: {
      plate: ref('Plate'),
      vin: ref('Vin'),
      make: { type: 'string', minLength: 1 },
      model: { type: 'string', minLength: 1 },
      year: { type: 'integer', minimum: 1900, maximum: 2100, description: 'Model year.' },
      colour: { type: 'string', minLength: 1 },
      category: ref('VehicleCategory'),
      ownerPin: { ...ref('Pin'), description: 'The registered owner (population register).' },
      registeredAt: date('Date the current registration began.'),
      status: ref('VehicleStatus'),
    },
  },
  VehiclePage: page('Vehicle'),
  LicenceCategory: {
    type: 'string',
    enum: [...LICENCE_CATEGORIES],
    description: 'Driving licence category (Vienna Convention): A, B, BE, C, CE, D, DE.',
  },
  LicenceStatus: {
    type: 'string',
    enum: [...LICENCE_STATUSES],
    description: 'On the register’s reference date: `expired` once `validUntil` has passed.',
  },
  Licence: {
    type: 'object',
    additionalProperties: false,
    required: ['pin', 'licenceNumber', 'categories', 'issuedAt', 'validUntil', 'status'],
    properties: {
      pin: ref('Pin'),
      licenceNumber: { type: 'string', pattern: '^KG[0-9]{7}$' },
      categories: {
        type: 'array',
        items: ref('LicenceCategory'),
        minItems: 1,
        uniqueItems: true,
        description: 'In the order a licence lists them.',
      },
      issuedAt: date('Date of issue (or of the last renewal).'),
      validUntil: date('Last day of validity: ten years after issue.'),
      status: ref('LicenceStatus'),
    },
  },
  LicencePage: page('Licence'),
  Problem: PROBLEM_SCHEMA,
}
