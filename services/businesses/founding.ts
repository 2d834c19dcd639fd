// Founds one synthetic business: its activity, legal form, dates, name, address and officers.

import { addYears, fromDay, toDay, type Person, type Random } from '../shared/index.js'
import { ACTIVITIES, type ActivityEntry } from './activities.js'
import type { Business, BusinessStatus, Director, LegalForm } from './business.js'
import { locateBusiness, nameBusiness } from './naming.js'
import { formatEntityTin } from './tin.js'

/** The Law on State Registration of Legal Entities (1996) starts the present register. */
const FIRST_REGISTRATION_DAY = toDay('1996-01-01')
const TOTAL_WEIGHT = ACTIVITIES.reduce((sum, activity) => sum + activity.weight, 0)

/** What the register generator shares between foundings, so TINs and names stay unique. */
export interface FoundingContext {
  readonly random: Random
  readonly referenceDay: number
  /** The persons who direct or found businesses, all adults. */
  readonly pool: readonly Person[]
  readonly tins: Set<string>
  readonly names: Set<string>
}

/** Constraints a caller may put on a founding (the demo person's business is fixed). */
export interface FoundingPlan {
  status: BusinessStatus
  legalForm?: LegalForm
  /** The founder still directs the business (no later change of director). */
  founderDirects?: boolean
}

/** A business founded by `owner`, or undefined when the owner was never old enough. */
export function foundBusiness(
  ctx: FoundingContext,
  owner: Person,
  plan: FoundingPlan,
): Business | undefined {
  const r = ctx.random
  const earliest = Math.max(FIRST_REGISTRATION_DAY, addYears(toDay(owner.dateOfBirth), 19))
  if (earliest > ctx.referenceDay - 30) return undefined
  const activity = pickActivity(r)
  const legalForm = plan.legalForm ?? chooseLegalForm(ctx, activity, owner)
  const registeredDay = r.int(earliest, ctx.referenceDay - 30)
  const liquidatedDay =
    plan.status === 'liquidated' && registeredDay + 180 < ctx.referenceDay
      ? r.int(registeredDay + 180, ctx.referenceDay - 1)
      : undefined
  const status =
    plan.status === 'liquidated' && liquidatedDay === undefined ? 'active' : plan.status
  const lastDay = liquidatedDay ?? ctx.referenceDay
  return {
    tin: legalForm === 'IE' ? owner.pin : allocateTin(ctx, fromDay(registeredDay)),
    name: nameBusiness(r, legalForm, activity, owner, ctx.names),
    legalForm,
    registeredAt: fromDay(registeredDay),
    status,
    liquidatedAt: liquidatedDay === undefined ? null : fromDay(liquidatedDay),
    address: locateBusiness(r, legalForm, owner),
    activity: { code: activity.code, description: activity.description },
    directors: appointDirectors(ctx, owner, legalForm, [registeredDay, lastDay], plan),
    employees: status === 'active' ? countEmployees(r, legalForm) : 0,
  }
}

/** Weighted, so trade and construction outnumber mines and power plants, as they do. */
function pickActivity(r: Random): ActivityEntry {
  let ticket = r.next() * TOTAL_WEIGHT
  for (const activity of ACTIVITIES) {
    ticket -= activity.weight
    if (ticket < 0) return activity
  }
  return ACTIVITIES[ACTIVITIES.length - 1] as ActivityEntry
}

/** A person trades as an entrepreneur under their PIN, so at most once (the TIN is the PIN). */
function chooseLegalForm(ctx: FoundingContext, activity: ActivityEntry, owner: Person): LegalForm {
  if (activity.large) return 'JSC'
  const r = ctx.random
  if (activity.allowsIndividual && !ctx.tins.has(owner.pin) && r.chance(0.35)) return 'IE'
  return r.chance(0.04) ? 'JSC' : 'LLC'
}

/** A random serial, redrawn on the rare collision within one registration day. */
function allocateTin(ctx: FoundingContext, registeredAt: string): string {
  let tin: string
  do tin = formatEntityTin(registeredAt, ctx.random.int(1, 99_999))
  while (ctx.tins.has(tin))
  return tin
}

/**
 * The director first, then the founders. An entrepreneur is their own director. A company's
 * owner founds it, with up to two co-founders; a quarter later hand the directorship to another.
 */
function appointDirectors(
  ctx: FoundingContext,
  owner: Person,
  form: LegalForm,
  [registeredDay, lastDay]: [number, number],
  plan: FoundingPlan,
): Director[] {
  const since = fromDay(registeredDay)
  if (form === 'IE') return [{ pin: owner.pin, role: 'director', since }]
  const r = ctx.random
  const founders = [owner]
  const coFounders = r.chance(0.6) ? 0 : r.chance(0.75) ? 1 : 2
  for (let i = 0; i < coFounders; i++) {
    const partner = pickAdult(ctx, registeredDay, founders)
    if (partner !== undefined) founders.push(partner)
  }
  let director: Director = { pin: owner.pin, role: 'director', since }
  if (plan.founderDirects !== true && lastDay - registeredDay > 120 && r.chance(0.25)) {
    const changeDay = r.int(registeredDay + 90, lastDay - 1)
    const successor = pickAdult(ctx, changeDay, [owner])
    if (successor !== undefined) {
      director = { pin: successor.pin, role: 'director', since: fromDay(changeDay) }
    }
  }
  return [director, ...founders.map((p) => ({ pin: p.pin, role: 'founder' as const, since }))]
}

/** A pool member who was 18 by `day` and is not among `excluded`; a few tries, else none. */
function pickAdult(ctx: FoundingContext, day: number, excluded: readonly Person[]) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const candidate = ctx.random.pick(ctx.pool)
    const adult = addYears(toDay(candidate.dateOfBirth), 18) <= day
    if (adult && !excluded.includes(candidate)) return candidate
  }
  return undefined
}

/** Entrepreneurs work alone or with a few helpers; most companies are small, a few large. */
function countEmployees(r: Random, form: LegalForm): number {
  if (form === 'IE') return r.int(0, 5)
  if (form === 'JSC') return r.int(60, 2500)
  const roll = r.next()
  if (roll < 0.7) return r.int(1, 15)
  return roll < 0.95 ? r.int(16, 80) : r.int(81, 400)
}
