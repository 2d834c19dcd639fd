// Kyrgyz naming rules: feminine surnames, patronymics, and the traditional uulu / kyzy form.

import type { Sex } from './pin.js'

/**
 * How a family forms its children's names: `surname` (Asanov / Asanova plus a patronymic such as
 * Nurlanovich) or `traditional` (the father's name + uulu "son of" / kyzy "daughter of").
 */
export type NamingStyle = 'surname' | 'traditional'

/** A name as it appears in the register. */
export interface FullName {
  lastName: string
  firstName: string
  patronymic: string | null
}

const TRADITIONAL = / (uulu|kyzy)$/

/** The surname in the given sex's form: Asanov → Asanova, Abdyldaev → Abdyldaeva. */
export function surnameFor(masculine: string, sex: Sex): string {
  if (sex === 'male' || TRADITIONAL.test(masculine)) return masculine
  return /(ov|ev|in)$/.test(masculine) ? `${masculine}a` : masculine
}

/** The masculine form of a registered surname (Asanova → Asanov), for handing down. */
export function masculineSurname(surname: string): string {
  return /(ova|eva|ina)$/.test(surname) ? surname.slice(0, -1) : surname
}

/** True for a traditional surname (`Nurlan uulu`, `Nurlan kyzy`). */
export function isTraditionalSurname(surname: string): boolean {
  return TRADITIONAL.test(surname)
}

/** The Russian-style patronymic used in official records: Nurlan → Nurlanovich / Nurlanovna. */
export function patronymicOf(fatherFirstName: string, sex: Sex): string {
  const soft = /[aeiouy]$/.test(fatherFirstName)
  if (sex === 'male') return `${fatherFirstName}${soft ? 'evich' : 'ovich'}`
  return `${fatherFirstName}${soft ? 'evna' : 'ovna'}`
}

/** A child's surname and patronymic, given the father's name and the family's naming style. */
export function childName(
  father: FullName,
  firstName: string,
  sex: Sex,
  style: NamingStyle,
): FullName {
  if (style === 'traditional') {
    return {
      lastName: `${father.firstName} ${sex === 'male' ? 'uulu' : 'kyzy'}`,
      firstName,
      patronymic: null,
    }
  }
  const family = isTraditionalSurname(father.lastName)
    ? `${father.firstName}ov`
    : masculineSurname(father.lastName)
  return {
    lastName: surnameFor(family, sex),
    firstName,
    patronymic: patronymicOf(father.firstName, sex),
  }
}
