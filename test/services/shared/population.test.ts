// The synthetic population: determinism, PIN format, naming, family and life-event consistency.

import { describe, expect, it } from 'vitest'
import {
  ageOn,
  createPopulation,
  createRandom,
  deriveSeed,
  formatPin,
  fromDay,
  isIsoDate,
  parsePin,
  REFERENCE_DATE,
  toDay,
  type Person,
} from '#services/shared/index.js'

const population = createPopulation()
const { persons, byPin } = population
const relative = (pin: string): Person => {
  const person = byPin.get(pin)
  if (person === undefined) throw new Error(`dangling link ${pin}`)
  return person
}

describe('createPopulation', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(JSON.stringify(createPopulation().persons)).toBe(JSON.stringify(persons))
    expect(createPopulation({ seed: 2 }).persons[0]?.pin).not.toBe(persons[0]?.pin)
  })

  it('has exactly the requested size, unique PINs and a complete index', () => {
    expect(persons).toHaveLength(2000)
    expect(byPin.size).toBe(2000)
    expect(createPopulation({ seed: 5, size: 37 }).persons).toHaveLength(37)
  })

  it('freezes records so one registry cannot alter another’s view', () => {
    const person = persons[0] as Person
    expect(Object.isFrozen(person) && Object.isFrozen(person.address)).toBe(true)
    expect(Object.isFrozen(person.childPins)).toBe(true)
  })

  it('encodes sex and date of birth in every PIN', () => {
    for (const person of persons) {
      expect(parsePin(person.pin)).toMatchObject({
        sex: person.sex,
        dateOfBirth: person.dateOfBirth,
      })
    }
  })

  it('keeps family links consistent both ways', () => {
    for (const person of persons) {
      if (person.spousePin !== null) {
        const spouse = relative(person.spousePin)
        expect(spouse.spousePin).toBe(person.pin)
        expect(spouse.sex).not.toBe(person.sex)
      }
      for (const pin of person.childPins) expect(relative(pin).parentPins).toContain(person.pin)
      for (const pin of person.parentPins) expect(relative(pin).childPins).toContain(person.pin)
      expect(person.parentPins.length).toBeLessThanOrEqual(2)
    }
  })

  it('has plausible life events', () => {
    for (const person of persons) {
      expect(person.dateOfBirth < REFERENCE_DATE).toBe(true)
      expect(person.address.registeredSince >= person.dateOfBirth).toBe(true)
      expect(person.address.registeredSince <= REFERENCE_DATE).toBe(true)
      for (const pin of person.parentPins) {
        const age = ageOn(relative(pin).dateOfBirth, person.dateOfBirth)
        expect(age).toBeGreaterThanOrEqual(16)
        expect(age).toBeLessThanOrEqual(50)
      }
      if (person.status === 'deceased') {
        expect(person.dateOfDeath! > person.dateOfBirth).toBe(true)
        for (const pin of person.childPins) {
          expect(relative(pin).dateOfBirth <= person.dateOfDeath!).toBe(true)
        }
      } else expect(person.dateOfDeath).toBeNull()
    }
  })

  it('names children after their father', () => {
    for (const child of persons) {
      const father = child.parentPins.map(relative).find((parent) => parent.sex === 'male')
      if (father === undefined) continue
      const traditional = `${father.firstName} ${child.sex === 'male' ? 'uulu' : 'kyzy'}`
      const spouse = child.spousePin === null ? undefined : relative(child.spousePin)
      const married = child.sex === 'female' && spouse?.lastName === child.lastName.slice(0, -1)
      if (child.patronymic === null) expect(child.lastName === traditional || married).toBe(true)
      else expect(child.patronymic.startsWith(father.firstName)).toBe(true)
    }
  })

  it('is varied: several towns, deaths, traditional names, three generations', () => {
    expect(new Set(persons.map((p) => p.address.city)).size).toBeGreaterThan(10)
    expect(persons.some((p) => p.status === 'deceased')).toBe(true)
    expect(persons.some((p) => / (uulu|kyzy)$/.test(p.lastName))).toBe(true)
    expect(persons.some((p) => p.parentPins.length === 2 && p.childPins.length > 0)).toBe(true)
  })

  it('refuses bad options with a TypeError', () => {
    expect(() => createPopulation({ seed: 2 ** 32 })).toThrow(TypeError)
    expect(() => createPopulation({ size: 1.5 })).toThrow(TypeError)
  })
})

describe('PINs and dates', () => {
  it('formats and parses Kyrgyz PINs', () => {
    const pin = formatPin({ sex: 'male', dateOfBirth: '1985-03-14', serial: 1234 })
    expect(pin).toBe('21403198501234')
    expect(parsePin(pin)).toEqual({ sex: 'male', dateOfBirth: '1985-03-14', serial: 1234 })
    expect(parsePin('13102199000001')).toBeUndefined()
    expect(parsePin('31403198501234')).toBeUndefined()
  })

  it('converts calendar dates without a time zone', () => {
    for (const date of ['1970-01-01', '1900-03-01', '2000-02-29', '2024-12-31', '1935-07-15']) {
      expect(fromDay(toDay(date))).toBe(date)
      expect(toDay(date)).toBe(Date.parse(`${date}T00:00:00Z`) / 86_400_000)
    }
    expect(isIsoDate('2023-02-29')).toBe(false)
    expect(isIsoDate('2024-02-29')).toBe(true)
    expect(ageOn('2000-06-15', '2025-06-14')).toBe(24)
    expect(ageOn('2000-06-15', '2025-06-15')).toBe(25)
  })

  it('derives independent, repeatable random streams', () => {
    const a = createRandom(deriveSeed(1, 'vehicles'))
    const b = createRandom(deriveSeed(1, 'vehicles'))
    const c = createRandom(deriveSeed(1, 'fines'))
    const draw = (r: typeof a) => Array.from({ length: 5 }, () => r.int(0, 1000))
    expect(draw(a)).toEqual(draw(b))
    expect(draw(createRandom(deriveSeed(1, 'vehicles')))).not.toEqual(draw(c))
  })
})
