// Accumulates generated persons: allocates unique PINs, stops at the requested size, links kin.

import { fromDay } from './dates.js'
import type { FullName } from './naming.js'
import type { DraftPerson, RegisteredAddress } from './person.js'
import { formatPin, type Sex } from './pin.js'
import type { Random } from './random.js'

/** What the generator decides about a new person; the builder assigns the PIN. */
export interface NewPerson {
  name: FullName
  sex: Sex
  birthDay: number
  placeOfBirth: string
  address: RegisteredAddress
}

export interface PopulationBuilder {
  readonly random: Random
  readonly referenceDay: number
  readonly persons: DraftPerson[]
  readonly byPin: Map<string, DraftPerson>
  /** Adds a person, or returns undefined once the population has reached its size. */
  add(init: NewPerson): DraftPerson | undefined
  isFull(): boolean
}

export function createPopulationBuilder(
  random: Random,
  size: number,
  referenceDay: number,
): PopulationBuilder {
  const persons: DraftPerson[] = []
  const byPin = new Map<string, DraftPerson>()
  const isFull = (): boolean => persons.length >= size
  const add = (init: NewPerson): DraftPerson | undefined => {
    if (isFull()) return undefined
    const dateOfBirth = fromDay(init.birthDay)
    let pin: string
    do {
      pin = formatPin({ sex: init.sex, dateOfBirth, serial: random.int(1, 99_999) })
    } while (byPin.has(pin))
    const person: DraftPerson = {
      pin,
      ...init.name,
      sex: init.sex,
      dateOfBirth,
      placeOfBirth: init.placeOfBirth,
      citizenship: 'KG',
      status: 'alive',
      dateOfDeath: null,
      address: init.address,
      spousePin: null,
      parentPins: [],
      childPins: [],
    }
    persons.push(person)
    byPin.set(pin, person)
    return person
  }
  return { random, referenceDay, persons, byPin, add, isFull }
}

/** Records a marriage on both records. */
export function marry(a: DraftPerson, b: DraftPerson): void {
  a.spousePin = b.pin
  b.spousePin = a.pin
}

/** Records a parent–child link on both records. */
export function linkParent(child: DraftPerson, parent: DraftPerson): void {
  child.parentPins.push(parent.pin)
  parent.childPins.push(child.pin)
}
