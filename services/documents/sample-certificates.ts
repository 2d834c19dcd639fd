// Certificates the register holds from the start, so lookups have data on a fresh instance.

import { createRandom, deriveSeed, DEMO_PIN, type Population } from '../shared/index.js'
import type { Certificate, CertificateRequest } from './certificate.js'
import { seededCertificateId } from './certificate-id.js'
import { composeCertificate } from './issue-certificate.js'

/** What was asked for, and when: fixed, before the population's reference date (2025-01-01). */
const SAMPLES: readonly (Omit<CertificateRequest, 'pin'> & { issuedAt: string })[] = [
  {
    type: 'birth',
    purpose: 'Application for a foreign passport',
    language: 'ru',
    issuedAt: '2024-11-18T14:40:00Z',
  },
  {
    type: 'residence',
    purpose: 'Enrolment of a child at school',
    language: 'ky',
    issuedAt: '2024-12-02T09:15:00Z',
  },
]

/**
 * Two certificates (birth, then residence) held by the demo citizen `DEMO_PIN`, or by the first
 * living person when a non-default population lacks that PIN. Their numbers come from a stream
 * derived from the population's seed, so the same seed always gives the same documents.
 *
 * @example
 * const [birth, residence] = createSampleCertificates(createPopulation())
 */
export function createSampleCertificates(population: Population): Certificate[] {
  const holder =
    population.byPin.get(DEMO_PIN) ?? population.persons.find((p) => p.status === 'alive')
  if (holder === undefined) return []
  const random = createRandom(deriveSeed(population.seed, 'sample-certificates'))
  return SAMPLES.map(({ issuedAt, ...request }) =>
    composeCertificate({ ...request, pin: holder.pin }, holder, {
      id: seededCertificateId(random),
      issuedAt: Date.parse(issuedAt),
      population,
    }),
  )
}
