// Composes a certificate from the population register's facts: content, validity and digest.

import type { Person, Population } from '../shared/index.js'
import {
  ISSUER,
  VALIDITY_DAYS,
  type BirthContent,
  type Certificate,
  type CertificateContent,
  type CertificateRequest,
  type ResidenceContent,
} from './certificate.js'
import { computeCertificateDigest } from './digest.js'

const DAY_MS = 86_400_000

export interface IssueContext {
  id: string
  /** Issue time, ms since the epoch. */
  issuedAt: number
  population: Population
}

/**
 * Builds the certificate for a request already checked against the person (alive, no record).
 *
 * @example
 * const certificate = composeCertificate(request, person, { id, issuedAt: Date.now(), population })
 */
export function composeCertificate(
  request: CertificateRequest,
  person: Person,
  context: IssueContext,
): Certificate {
  const days = VALIDITY_DAYS[request.type]
  const document: Omit<Certificate, 'digest'> = {
    id: context.id,
    type: request.type,
    pin: person.pin,
    holderName: fullName(person),
    issuedAt: timestamp(context.issuedAt),
    validUntil: days === null ? null : timestamp(context.issuedAt + days * DAY_MS),
    purpose: request.purpose,
    language: request.language,
    issuer: ISSUER,
    content: contentOf(request.type, person, context.population),
  }
  return { ...document, digest: computeCertificateDigest(document) }
}

function contentOf(
  type: CertificateRequest['type'],
  person: Person,
  population: Population,
): CertificateContent {
  if (type === 'residence') return residence(person)
  if (type === 'birth') return birth(person, population)
  return { hasRecord: false }
}

function residence(person: Person): ResidenceContent {
  const { registeredSince, ...address } = person.address
  return { address, registeredSince }
}

/** Parents are told apart by sex; one not on the register (a founder's) is null. */
function birth(person: Person, population: Population): BirthContent {
  const parents = person.parentPins.flatMap((pin) => population.byPin.get(pin) ?? [])
  const named = (sex: Person['sex']) => {
    const parent = parents.find((candidate) => candidate.sex === sex)
    return parent === undefined ? null : fullName(parent)
  }
  return {
    dateOfBirth: person.dateOfBirth,
    placeOfBirth: person.placeOfBirth,
    sex: person.sex,
    mother: named('female'),
    father: named('male'),
  }
}

/** Surname, given name, patronymic: the order of Kyrgyz civil documents. */
function fullName(person: Person): string {
  return [person.lastName, person.firstName, person.patronymic].filter(Boolean).join(' ')
}

/** RFC 3339 UTC timestamp to the second; certificates carry no sub-second precision. */
function timestamp(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}
