// What the businesses register answers: a summary in search results, officers with their names.

import type { Population } from '../shared/index.js'
import type { Business, Director } from './business.js'

/** Enough to pick a business out of a list; the whole entry is one lookup away. */
export interface BusinessSummary {
  tin: string
  name: string
  legalForm: Business['legalForm']
  status: Business['status']
  registeredAt: string
}

/** An officer with the name the population register holds for them. */
export interface NamedDirector extends Director {
  lastName: string
  firstName: string
  patronymic: string | null
}

export interface DirectorsView {
  tin: string
  directors: NamedDirector[]
}

export function toSummary(business: Business): BusinessSummary {
  const { tin, name, legalForm, status, registeredAt } = business
  return { tin, name, legalForm, status, registeredAt }
}

/** The business's director and founders, resolved to names (directors first, as registered). */
export function toDirectors(business: Business, population: Population): DirectorsView {
  const directors = business.directors.flatMap(({ pin, role, since }) => {
    const person = population.byPin.get(pin)
    if (person === undefined) return []
    const { lastName, firstName, patronymic } = person
    return [{ pin, lastName, firstName, patronymic, role, since }]
  })
  return { tin: business.tin, directors }
}
