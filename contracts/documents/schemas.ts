// JSON Schemas (2020-12) of the civil documents register's resources, as OpenAPI components.

import type { SchemaObject } from 'openapi3-ts/oas31'
import {
  CERTIFICATE_ID_PATTERN,
  CERTIFICATE_LANGUAGES,
  CERTIFICATE_TYPES,
  DEFAULT_LANGUAGE,
  ISSUER,
  MAX_LIMIT,
  MAX_PURPOSE_LENGTH,
  PURPOSE_PATTERN,
  VALIDITY_DAYS,
  type CertificateType,
} from '../../services/documents/index.js'
import { PROBLEM_SCHEMA } from '../shared/problem.js'
import { EXAMPLE_NEW_ID, EXAMPLE_PIN } from './examples.js'

const ref = (name: string): SchemaObject => ({ $ref: `#/components/schemas/${name}` })
const text = (description: string): SchemaObject => ({ type: 'string', minLength: 1, description })
const date = (description: string): SchemaObject => ({
  type: 'string',
  format: 'date',
  description,
})
const object = (properties: Record<string, SchemaObject>, optional: string[] = []) => ({
  type: 'object' as const,
  additionalProperties: false,
  required: Object.keys(properties).filter((name) => !optional.includes(name)),
  properties,
})

/** The fields every certificate has, whatever its type. */
const COMMON = {
  id: ref('CertificateId'),
  pin: ref('Pin'),
  holderName: text('Surname, given name and patronymic (if any), as registered.'),
  issuedAt: { type: 'string', format: 'date-time', description: 'Time of issue (UTC).' },
  purpose: ref('Purpose'),
  language: ref('Language'),
  issuer: { type: 'string', const: ISSUER },
  digest: {
    type: 'string',
    pattern: '^sha-256=:[A-Za-z0-9+/]{43}=:$',
    description:
      'SHA-256 over the RFC 8785 canonical JSON of the certificate without `digest`, written as ' +
      'an RFC 9530 `sha-256` value (an RFC 8941 byte sequence, base64 between colons).',
  },
} satisfies Record<string, SchemaObject>

/** One certificate type: its fields, in the order the register writes them. */
function certificate(type: CertificateType, content: string): SchemaObject {
  const days = VALIDITY_DAYS[type]
  const validUntil: SchemaObject =
    days === null
      ? { type: 'null', description: 'Does not expire.' }
      : { type: 'string', format: 'date-time', description: `Time of issue + ${days} days.` }
  const { id, pin, holderName, issuedAt, purpose, language, issuer, digest } = COMMON
  return object({
    id,
    type: { type: 'string', const: type },
    pin,
    holderName,
    issuedAt,
    validUntil,
    purpose,
    language,
    issuer,
    content: ref(content),
    digest,
  })
}

/** The component schemas, by name. */
export const DOCUMENTS_SCHEMAS: Record<string, SchemaObject> = {
  Pin: {
    type: 'string',
    pattern: '^[12][0-9]{13}$',
    description:
      'Personal identification number: 1 (female) or 2 (male), date of birth DDMMYYYY, ' +
      'then a 5-digit serial.',
    examples: [EXAMPLE_PIN],
  },
  CertificateId: {
    type: 'string',
    pattern: CERTIFICATE_ID_PATTERN.source,
    description: 'Certificate number: `KG-CRT-` and 10 random Crockford base32 characters.',
    examples: [EXAMPLE_NEW_ID],
  },
  CertificateType: { type: 'string', enum: [...CERTIFICATE_TYPES] },
  Language: {
    type: 'string',
    enum: [...CERTIFICATE_LANGUAGES],
    description: 'Language of the printed form; the structured fields do not depend on it.',
  },
  Purpose: {
    type: 'string',
    minLength: 1,
    maxLength: MAX_PURPOSE_LENGTH,
    pattern: PURPOSE_PATTERN.source,
    description: 'What the certificate is for: printable text, not only spaces.',
  },
  IssueCertificateRequest: object(
    {
      type: ref('CertificateType'),
      pin: ref('Pin'),
      purpose: ref('Purpose'),
      language: { $ref: '#/components/schemas/Language', default: DEFAULT_LANGUAGE },
    },
    ['language'],
  ),
  Address: object(
    {
      region: text('Region (oblast) or city of republican significance.'),
      city: text('Town.'),
      street: text('Street.'),
      house: text('House number, possibly with a letter (`12A`).'),
      apartment: text('Flat number; absent for a private house.'),
    },
    ['apartment'],
  ),
  ResidenceContent: object({
    address: ref('Address'),
    registeredSince: date('Date the registration at this address began.'),
  }),
  NoCriminalRecordContent: object({ hasRecord: { type: 'boolean', const: false } }),
  BirthContent: object({
    dateOfBirth: date('Date of birth.'),
    placeOfBirth: text('Town of birth.'),
    sex: { type: 'string', enum: ['female', 'male'] },
    mother: { type: ['string', 'null'], description: 'Null when not on the register.' },
    father: { type: ['string', 'null'], description: 'Null when not on the register.' },
  }),
  ResidenceCertificate: certificate('residence', 'ResidenceContent'),
  NoCriminalRecordCertificate: certificate('no-criminal-record', 'NoCriminalRecordContent'),
  BirthCertificate: certificate('birth', 'BirthContent'),
  Certificate: {
    description: 'An issued certificate; `type` tells which content it carries.',
    oneOf: [
      ref('ResidenceCertificate'),
      ref('NoCriminalRecordCertificate'),
      ref('BirthCertificate'),
    ],
  },
  CertificatePage: object({
    items: { type: 'array', items: ref('Certificate'), maxItems: MAX_LIMIT },
    page: { type: 'integer', minimum: 1 },
    limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT },
    total: { type: 'integer', minimum: 0, description: 'Matches across all pages.' },
  }),
  Problem: PROBLEM_SCHEMA,
}
