// Business names and legal addresses: "Ala-Too Stroy LLC", "IE Asanov Bakyt", an office in town.

import { pickTown, STREETS, type Address, type Person, type Random } from '../shared/index.js'
import { NAME_PREFIXES, type ActivityEntry } from './activities.js'
import type { LegalForm } from './business.js'

/** Attempts at a fresh company name before a numeral is added to tell it apart. */
const NAME_ATTEMPTS = 12

/**
 * A business name. An entrepreneur trades under their own name, as the Kyrgyz register writes it
 * ("IE" for IP / JI, then surname and given name); a company gets a name not yet in `taken`.
 */
export function nameBusiness(
  random: Random,
  form: LegalForm,
  activity: ActivityEntry,
  owner: Person,
  taken: Set<string>,
): string {
  if (form === 'IE') return `IE ${owner.lastName} ${owner.firstName}`
  let stem = ''
  for (let attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
    stem = `${random.pick(NAME_PREFIXES)} ${random.pick(activity.words)}`
    if (!taken.has(stem)) break
  }
  if (taken.has(stem)) stem = `${stem} ${taken.size + 1}`
  taken.add(stem)
  return `${stem} ${form}`
}

/** A company's legal address: an office in a town weighted by size; an IE uses its owner's. */
export function locateBusiness(random: Random, form: LegalForm, owner: Person): Address {
  if (form === 'IE') {
    const { region, city, street, house, apartment } = owner.address
    return apartment === undefined
      ? { region, city, street, house }
      : { region, city, street, house, apartment }
  }
  const town = pickTown(random)
  const base = { region: town.region, city: town.city, street: random.pick(STREETS) }
  const house = String(random.int(1, 220))
  if (!random.chance(0.6)) return { ...base, house }
  return { ...base, house, apartment: String(random.int(1, 450)) }
}
