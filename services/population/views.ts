// What the population register answers: a person, a summary, a family, a registered address.

import type { Person, Population, RegisteredAddress } from '../shared/index.js'

/** Enough to identify a person in a list without disclosing the whole record. */
export interface PersonSummary {
  pin: string
  lastName: string
  firstName: string
  patronymic: string | null
  sex: Person['sex']
  dateOfBirth: string
  status: Person['status']
}

export interface FamilyView {
  pin: string
  spouse: PersonSummary | null
  parents: PersonSummary[]
  children: PersonSummary[]
}

export type AddressView = { pin: string } & RegisteredAddress

export function toSummary(person: Person): PersonSummary {
  const { pin, lastName, firstName, patronymic, sex, dateOfBirth, status } = person
  return { pin, lastName, firstName, patronymic, sex, dateOfBirth, status }
}

/** The person's spouse, parents and children, resolved to summaries (children by birth order). */
export function toFamily(person: Person, population: Population): FamilyView {
  const summaries = (pins: readonly string[]): PersonSummary[] =>
    pins.flatMap((pin) => {
      const relative = population.byPin.get(pin)
      return relative === undefined ? [] : [toSummary(relative)]
    })
  const [spouse] = summaries(person.spousePin === null ? [] : [person.spousePin])
  return {
    pin: person.pin,
    spouse: spouse ?? null,
    parents: summaries(person.parentPins),
    children: summaries(person.childPins),
  }
}

export function toAddress(person: Person): AddressView {
  return { pin: person.pin, ...person.address }
}
