// The bank's know-your-customer rules: what the registries said, weighed into one verdict.

/** Unpaid traffic fines above this total send an account opening to manual review. */
export const UNPAID_FINES_THRESHOLD_KGS = 10_000

/** Below this age an account is opened only with a guardian. */
export const ADULT_AGE = 18

export interface KycFacts {
  /** The PIN the customer gave. */
  pin: string
  /** The population register's person, or undefined when it does not know the PIN. */
  person?: { pin: string; status: 'alive' | 'deceased'; dateOfBirth: string }
  /** The registered address, when the register has one. */
  address?: { city: string }
  unpaidFines: { amount: number }[]
  /** Businesses the person directs or founded, with the tax service's status of active ones. */
  businesses: {
    name: string
    status: 'active' | 'liquidated' | 'suspended'
    taxStatus?: 'good-standing' | 'arrears' | 'blocked'
  }[]
  /** The day of the check, `YYYY-MM-DD`. */
  today: string
}

export type KycOutcome = 'approved' | 'review' | 'refused'

export interface KycFinding {
  /** `ok` informs; `review` needs an officer's decision; `refuse` stops the opening. */
  level: 'ok' | 'review' | 'refuse'
  text: string
}

export interface KycVerdict {
  outcome: KycOutcome
  identityVerified: boolean
  unpaidTotal: number
  findings: KycFinding[]
}

/**
 * Weighs the facts: identity first (known, the same PIN, alive, adult), then a registered
 * address, unpaid fines against `UNPAID_FINES_THRESHOLD_KGS`, and businesses the tax service
 * has blocked. The outcome is the most severe finding's.
 *
 * @example kycVerdict({ pin, person, address, unpaidFines: [], businesses: [], today }).outcome
 */
export function kycVerdict(facts: KycFacts): KycVerdict {
  const identity = identityFindings(facts)
  const identityVerified = identity.every((f) => f.level === 'ok')
  const unpaidTotal = facts.unpaidFines.reduce((sum, fine) => sum + fine.amount, 0)
  const findings = [
    ...identity,
    ...(identityVerified ? [addressFinding(facts), finesFinding(facts, unpaidTotal)] : []),
    ...(identityVerified ? businessFindings(facts) : []),
  ]
  return { outcome: outcomeOf(findings), identityVerified, unpaidTotal, findings }
}

function identityFindings({ pin, person, today }: KycFacts): KycFinding[] {
  if (person === undefined) return [refuse('the population register does not know this PIN')]
  if (person.pin !== pin) return [refuse('the population register answered for another PIN')]
  if (person.status === 'deceased') return [refuse('registered as deceased')]
  const age = ageOn(person.dateOfBirth, today)
  if (age < ADULT_AGE) return [review(`under ${ADULT_AGE} (${age}): a guardian must co-sign`)]
  return [ok('identity verified in the population register')]
}

function addressFinding({ address }: KycFacts): KycFinding {
  if (address === undefined) return review('no registered address')
  return ok(`registered address in ${address.city}`)
}

function finesFinding({ unpaidFines }: KycFacts, total: number): KycFinding {
  if (unpaidFines.length === 0) return ok('no unpaid fines')
  const limit = UNPAID_FINES_THRESHOLD_KGS
  const count = `${unpaidFines.length} unpaid ${unpaidFines.length === 1 ? 'fine' : 'fines'}`
  if (total > limit) return review(`${count}, ${total} KGS: over the ${limit} KGS threshold`)
  return ok(`${count}, ${total} KGS: within the ${limit} KGS threshold`)
}

function businessFindings({ businesses }: KycFacts): KycFinding[] {
  const active = businesses.filter((b) => b.status === 'active')
  if (businesses.length === 0) return [ok('directs or founded no business')]
  const findings = [
    ok(`director or founder of ${businesses.length} businesses, ${active.length} active`),
  ]
  for (const b of active) {
    if (b.taxStatus === 'blocked') findings.push(review(`${b.name}: accounts blocked for tax`))
    if (b.taxStatus === 'arrears') findings.push(ok(`${b.name}: tax arrears`))
  }
  return findings
}

const SEVERITY: Record<KycFinding['level'], number> = { ok: 0, review: 1, refuse: 2 }
const OUTCOME: KycOutcome[] = ['approved', 'review', 'refused']

function outcomeOf(findings: KycFinding[]): KycOutcome {
  return OUTCOME[Math.max(0, ...findings.map((f) => SEVERITY[f.level]))]!
}

/** Whole years from a `YYYY-MM-DD` birth date to a `YYYY-MM-DD` day. */
export function ageOn(dateOfBirth: string, today: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number]
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number]
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0)
}

const ok = (text: string): KycFinding => ({ level: 'ok', text })
const review = (text: string): KycFinding => ({ level: 'review', text })
const refuse = (text: string): KycFinding => ({ level: 'refuse', text })
