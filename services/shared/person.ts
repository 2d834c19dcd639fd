// The person record every registry shares: identity, registered address and family links.

import type { Sex } from './pin.js'

export type PersonStatus = 'alive' | 'deceased'

/** A postal location; reusable for businesses and vehicles' owners alike. */
export interface Address {
  readonly region: string
  readonly city: string
  readonly street: string
  readonly house: string
  readonly apartment?: string
}

/** A person's registered residence and the date the registration began. */
export interface RegisteredAddress extends Address {
  readonly registeredSince: string
}

/** One entry of the population register. Family links are PINs and are consistent both ways. */
export interface Person {
  readonly pin: string
  readonly lastName: string
  readonly firstName: string
  readonly patronymic: string | null
  readonly sex: Sex
  readonly dateOfBirth: string
  readonly placeOfBirth: string
  readonly citizenship: 'KG'
  readonly status: PersonStatus
  readonly dateOfDeath: string | null
  readonly address: RegisteredAddress
  readonly spousePin: string | null
  readonly parentPins: readonly string[]
  readonly childPins: readonly string[]
}

/** The mutable form used while the population is being generated. */
export type DraftPerson = {
  -readonly [K in keyof Person]: Person[K] extends readonly string[] ? string[] : Person[K]
}
