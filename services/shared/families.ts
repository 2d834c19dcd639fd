// The life-course simulation: households form, children are born and named, adults move or marry.

import { addYears, fromDay, toDay } from './dates.js'
import { createHome, joinHome, pickTown } from './homes.js'
import { FEMALE_FIRST_NAMES, MALE_FIRST_NAMES, SURNAMES } from './names.js'
import {
  childName,
  isTraditionalSurname,
  masculineSurname,
  patronymicOf,
  surnameFor,
  type FullName,
  type NamingStyle,
} from './naming.js'
import type { DraftPerson, RegisteredAddress } from './person.js'
import type { Sex } from './pin.js'
import { linkParent, marry, type PopulationBuilder } from './population-builder.js'
import type { Random } from './random.js'

/** Relative weights of having 0, 1, 2 … 5 children. */
const CHILD_COUNT_WEIGHTS = [8, 15, 27, 25, 15, 10] as const

/** A household that may have children: its registered parents and the father's name. */
interface Household {
  parents: DraftPerson[]
  fatherName: FullName
  motherBirthDay: number
  home: RegisteredAddress
  firstBirthDay: number
  style: NamingStyle
}

/** Starts one family tree: mostly a married couple, sometimes a single parent or a single adult. */
export function seedHousehold(b: PopulationBuilder): void {
  const roll = b.random.next()
  if (roll < 0.78) seedCouple(b)
  else if (roll < 0.88) seedSingleParent(b)
  else seedSingle(b)
}

function seedCouple(b: PopulationBuilder): void {
  const r = b.random
  const husbandBirth = r.int(toDay('1935-01-01'), toDay('1978-12-31'))
  const wifeBirth = husbandBirth + r.int(-730, 2190)
  const marriageDay = addYears(Math.max(husbandBirth, wifeBirth), r.int(19, 27))
  const home = createHome(r, marriageDay, b.referenceDay)
  const husband = addOutsider(b, 'male', husbandBirth, home)
  const wife = husband && addOutsider(b, 'female', wifeBirth, home)
  if (husband === undefined || wife === undefined) return
  wed(r, husband, wife)
  growFamily(b, householdOf(r, husband, wife, home, marriageDay))
}

function seedSingleParent(b: PopulationBuilder): void {
  const r = b.random
  const birthDay = r.int(toDay('1955-01-01'), toDay('1995-12-31'))
  const firstBirthDay = addYears(birthDay, r.int(19, 30))
  const home = createHome(r, firstBirthDay, b.referenceDay)
  const mother = addOutsider(b, 'female', birthDay, home)
  if (mother === undefined) return
  const fatherName = { ...randomName(r, 'male'), lastName: masculineSurname(mother.lastName) }
  const style: NamingStyle = 'surname'
  growFamily(b, {
    parents: [mother],
    fatherName,
    motherBirthDay: birthDay,
    home,
    firstBirthDay,
    style,
  })
}

function seedSingle(b: PopulationBuilder): void {
  const r = b.random
  const sex: Sex = r.chance(0.5) ? 'male' : 'female'
  const birthDay = r.int(toDay('1945-01-01'), toDay('2004-12-31'))
  addOutsider(b, sex, birthDay, createHome(r, addYears(birthDay, 18), b.referenceDay))
}

/** Children are born one after another while the mother is under 43, then each grows up. */
function growFamily(b: PopulationBuilder, household: Household): void {
  const r = b.random
  const count = weightedIndex(r, CHILD_COUNT_WEIGHTS)
  const lastBirthDay = Math.min(b.referenceDay - 1, addYears(household.motherBirthDay, 42))
  const children: DraftPerson[] = []
  let birthDay = household.firstBirthDay + r.int(200, 1100)
  for (let i = 0; i < count && birthDay <= lastBirthDay; i++) {
    const child = addChild(b, household, birthDay)
    if (child === undefined) return
    children.push(child)
    birthDay += r.int(450, 1500)
  }
  for (const child of children) settleAdult(b, child)
}

function addChild(b: PopulationBuilder, h: Household, birthDay: number): DraftPerson | undefined {
  const r = b.random
  const sex: Sex = r.chance(0.51) ? 'male' : 'female'
  const firstName = r.pick(sex === 'male' ? MALE_FIRST_NAMES : FEMALE_FIRST_NAMES)
  const child = b.add({
    name: childName(h.fatherName, firstName, sex, h.style),
    sex,
    birthDay,
    placeOfBirth: r.chance(0.85) ? h.home.city : pickTown(r).city,
    address: joinHome(h.home, fromDay(birthDay)),
  })
  if (child !== undefined) for (const parent of h.parents) linkParent(child, parent)
  return child
}

/** An adult child marries (and starts a household), moves out, or stays registered at home. */
function settleAdult(b: PopulationBuilder, person: DraftPerson): void {
  const r = b.random
  const birthDay = toDay(person.dateOfBirth)
  if (addYears(birthDay, 18) >= b.referenceDay) return
  if (addYears(birthDay, 21) < b.referenceDay && r.chance(0.75)) return marryOutsider(b, person)
  if (r.chance(0.5)) person.address = createHome(r, addYears(birthDay, 18), b.referenceDay)
}

function marryOutsider(b: PopulationBuilder, person: DraftPerson): void {
  const r = b.random
  const birthDay = toDay(person.dateOfBirth)
  const gap = r.int(0, 2190)
  const wanted = person.sex === 'male' ? birthDay + gap : birthDay - gap
  const partnerBirth = Math.min(wanted, addYears(b.referenceDay, -20))
  const wedding = addYears(Math.max(birthDay, partnerBirth), r.int(20, 28))
  const marriageDay = Math.min(wedding, b.referenceDay - r.int(30, 400))
  const home = createHome(r, marriageDay, Math.min(addYears(marriageDay, 2), b.referenceDay))
  const partnerSex: Sex = person.sex === 'male' ? 'female' : 'male'
  const partner = addOutsider(b, partnerSex, partnerBirth, home)
  if (partner === undefined) return
  person.address = home
  const [husband, wife] = person.sex === 'male' ? [person, partner] : [partner, person]
  wed(r, husband, wife)
  growFamily(b, householdOf(r, husband, wife, home, marriageDay))
}

function householdOf(
  r: Random,
  husband: DraftPerson,
  wife: DraftPerson,
  home: RegisteredAddress,
  marriageDay: number,
): Household {
  const traditional = isTraditionalSurname(husband.lastName)
  const style: NamingStyle = r.chance(traditional ? 0.85 : 0.1) ? 'traditional' : 'surname'
  const motherBirthDay = toDay(wife.dateOfBirth)
  return {
    parents: [husband, wife],
    fatherName: husband,
    motherBirthDay,
    home,
    firstBirthDay: marriageDay,
    style,
  }
}

/** Marries two persons; most wives take the husband's surname unless his is traditional. */
function wed(r: Random, husband: DraftPerson, wife: DraftPerson): void {
  marry(husband, wife)
  if (!isTraditionalSurname(husband.lastName) && r.chance(0.7)) {
    wife.lastName = surnameFor(husband.lastName, 'female')
  }
}

/** Someone born outside the register's families (a founder or a spouse marrying in). */
function addOutsider(
  b: PopulationBuilder,
  sex: Sex,
  birthDay: number,
  address: RegisteredAddress,
): DraftPerson | undefined {
  const name = randomName(b.random, sex)
  return b.add({ name, sex, birthDay, placeOfBirth: pickTown(b.random).city, address })
}

function randomName(r: Random, sex: Sex): FullName {
  const firstName = r.pick(sex === 'male' ? MALE_FIRST_NAMES : FEMALE_FIRST_NAMES)
  const father = r.pick(MALE_FIRST_NAMES)
  if (r.chance(0.15)) {
    return {
      lastName: `${father} ${sex === 'male' ? 'uulu' : 'kyzy'}`,
      firstName,
      patronymic: null,
    }
  }
  return {
    lastName: surnameFor(r.pick(SURNAMES), sex),
    firstName,
    patronymic: patronymicOf(father, sex),
  }
}

function weightedIndex(r: Random, weights: readonly number[]): number {
  let ticket = r.next() * weights.reduce((sum, weight) => sum + weight, 0)
  for (const [index, weight] of weights.entries()) {
    ticket -= weight
    if (ticket < 0) return index
  }
  return weights.length - 1
}
