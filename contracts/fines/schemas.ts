// JSON Schemas (2020-12) of the fines register's resources, as OpenAPI components.

import type { SchemaObject } from 'openapi3-ts/oas31'
import {
  FINE_STATUSES,
  MAX_AMOUNT,
  OFFENCE_CODES,
  PAYER_REFERENCE_PATTERN,
} from '../../services/fines/index.js'
import { MAX_LIMIT } from '../../services/vehicles/index.js'
import { PROBLEM_SCHEMA } from '../shared/problem.js'
import { EXAMPLE_FINE_ID, EXAMPLE_PIN, EXAMPLE_RECEIPT } from './examples.js'

const ref = (name: string): SchemaObject => ({ $ref: `#/components/schemas/${name}` })
const timestamp = (description: string): SchemaObject => ({
  type: 'string',
  format: 'date-time',
  description,
})
const amount = (description: string): SchemaObject => ({
  type: 'integer',
  minimum: 1,
  maximum: MAX_AMOUNT,
  description,
})
const currency: SchemaObject = { type: 'string', enum: ['KGS'], description: 'Kyrgyz som.' }

/** The component schemas, by name. */
export const FINES_SCHEMAS: Record<string, SchemaObject> = {
  Pin: {
    type: 'string',
    pattern: '^[12][0-9]{13}$',
    description:
      'Personal identification number: 1 (female) or 2 (male), date of birth DDMMYYYY, ' +
      'then a 5-digit serial.',
    examples: [EXAMPLE_PIN],
  },
  FineId: {
    type: 'string',
    pattern: '^FN[0-9]{10}$',
    description: '`FN`, the year of issue and a 6-digit serial within that year.',
    examples: [EXAMPLE_FINE_ID],
  },
  Plate: {
    type: 'string',
    pattern: '^0[1-9]KG[0-9]{3}[A-Z]{3}$',
    description: 'Registration plate without spaces, as in the vehicles register.',
    examples: [EXAMPLE_RECEIPT.plate],
  },
  FineStatus: { type: 'string', enum: [...FINE_STATUSES] },
  Fine: {
    type: 'object',
    additionalProperties: false,
    required: [
      'fineId',
      'plate',
      'ownerPin',
      'offenceCode',
      'offence',
      'amount',
      'currency',
      'issuedAt',
      'location',
      'status',
      'paidAt',
    ],
    properties: {
      fineId: ref('FineId'),
      plate: ref('Plate'),
      ownerPin: { ...ref('Pin'), description: 'The vehicle’s registered owner, who is liable.' },
      offenceCode: { type: 'string', enum: [...OFFENCE_CODES] },
      offence: { type: 'string', minLength: 1, description: 'What was done, in plain words.' },
      amount: amount('The fine, in whole som.'),
      currency,
      issuedAt: timestamp('When the offence was recorded (UTC).'),
      location: { type: 'string', minLength: 1, description: 'Town and street.' },
      status: ref('FineStatus'),
      paidAt: { type: ['string', 'null'], format: 'date-time', description: 'Null while unpaid.' },
    },
  },
  FinePage: {
    type: 'object',
    additionalProperties: false,
    required: ['items', 'page', 'limit', 'total'],
    properties: {
      items: { type: 'array', items: ref('Fine'), maxItems: MAX_LIMIT },
      page: { type: 'integer', minimum: 1 },
      limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT },
      total: { type: 'integer', minimum: 0, description: 'Matches across all pages.' },
    },
  },
  PaymentRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['amount', 'currency', 'payerReference'],
    properties: {
      amount: amount('Must equal the fine’s amount: fines are paid in full.'),
      currency,
      payerReference: {
        type: 'string',
        pattern: PAYER_REFERENCE_PATTERN.source,
        description: 'The payer’s own transaction reference (bank, kiosk), echoed on the receipt.',
      },
    },
  },
  PaymentReceipt: {
    type: 'object',
    additionalProperties: false,
    required: ['paymentId', 'fineId', 'plate', 'amount', 'currency', 'payerReference', 'paidAt'],
    properties: {
      paymentId: { type: 'string', pattern: '^PM[0-9]{10}$' },
      fineId: ref('FineId'),
      plate: ref('Plate'),
      amount: amount('The amount paid, in whole som.'),
      currency,
      payerReference: { type: 'string' },
      paidAt: timestamp('When the payment was recorded (UTC).'),
    },
  },
  Problem: PROBLEM_SCHEMA,
}
