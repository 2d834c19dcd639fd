// The bank's KYC rules: identity first, then address, unpaid fines and blocked businesses.
import { describe, expect, it } from 'vitest'
import {
  ageOn,
  kycVerdict,
  UNPAID_FINES_THRESHOLD_KGS,
  type KycFacts,
} from '#sandbox/apps/kyc-verdict.js'

const PIN = '22905199138381'

function facts(overrides: Partial<KycFacts> = {}): KycFacts {
  return {
    pin: PIN,
    person: { pin: PIN, status: 'alive', dateOfBirth: '1991-05-29' },
    address: { city: 'Bishkek' },
    unpaidFines: [],
    businesses: [],
    today: '2025-01-02',
    ...overrides,
  }
}

describe('kycVerdict', () => {
  it('approves a known, living adult with an address and no unpaid fines', () => {
    const verdict = kycVerdict(facts())
    expect(verdict).toMatchObject({ outcome: 'approved', identityVerified: true, unpaidTotal: 0 })
    expect(verdict.findings.map((f) => f.text)).toContain('no unpaid fines')
  })

  it('approves unpaid fines up to the threshold and sends more to review', () => {
    const within = kycVerdict(facts({ unpaidFines: [{ amount: 3000 }] }))
    expect(within.outcome).toBe('approved')
    expect(within.unpaidTotal).toBe(3000)
    const over = kycVerdict(
      facts({ unpaidFines: [{ amount: UNPAID_FINES_THRESHOLD_KGS }, { amount: 1 }] }),
    )
    expect(over.outcome).toBe('review')
    expect(over.findings.find((f) => f.level === 'review')?.text).toMatch(/over the 10000 KGS/)
  })

  it('refuses a PIN the register does not know, or a person registered as deceased', () => {
    const unknown = kycVerdict(facts({ person: undefined }))
    expect(unknown).toMatchObject({ outcome: 'refused', identityVerified: false })
    expect(unknown.findings).toHaveLength(1)
    const deceased = kycVerdict(
      facts({ person: { pin: PIN, status: 'deceased', dateOfBirth: '1950-01-01' } }),
    )
    expect(deceased.outcome).toBe('refused')
  })

  it('refuses an answer about another PIN than the one asked', () => {
    const other = { pin: '12905199138381', status: 'alive' as const, dateOfBirth: '1991-05-29' }
    expect(kycVerdict(facts({ person: other })).outcome).toBe('refused')
  })

  it('sends a minor, a person without an address and a blocked business to review', () => {
    const minor = { pin: PIN, status: 'alive' as const, dateOfBirth: '2008-01-03' }
    expect(kycVerdict(facts({ person: minor })).outcome).toBe('review')
    expect(kycVerdict(facts({ address: undefined })).outcome).toBe('review')
    const blocked = kycVerdict(
      facts({
        businesses: [
          { name: 'Chui Moda LLC', status: 'active', taxStatus: 'blocked' },
          { name: 'Umai Dyikan LLC', status: 'liquidated' },
        ],
      }),
    )
    expect(blocked.outcome).toBe('review')
    expect(blocked.findings.map((f) => f.text)).toContain(
      'director or founder of 2 businesses, 1 active',
    )
  })

  it('notes tax arrears without holding the opening up', () => {
    const verdict = kycVerdict(
      facts({
        businesses: [{ name: 'Kelechek Agro LLC', status: 'active', taxStatus: 'arrears' }],
      }),
    )
    expect(verdict.outcome).toBe('approved')
    expect(verdict.findings.map((f) => f.text)).toContain('Kelechek Agro LLC: tax arrears')
  })
})

describe('ageOn', () => {
  it('counts whole years, the birthday itself included', () => {
    expect(ageOn('2007-01-02', '2025-01-01')).toBe(17)
    expect(ageOn('2007-01-02', '2025-01-02')).toBe(18)
    expect(ageOn('1991-05-29', '2025-01-02')).toBe(33)
  })
})
