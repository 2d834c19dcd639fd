// The usage index: newest first, pages, periods, subsystems and the covert-access embargo.
import { describe, expect, it } from 'vitest'
import { createUsageIndex, type UsageEntry } from '#gateway/tracker/index.js'
import { AGENCY_APP, BANK_APP, PERSONS } from './fixtures.js'

const DAY = 24 * 60 * 60 * 1000
const T0 = Date.parse('2026-03-01T12:00:00Z')

function entry(at: number, client = BANK_APP, change: Partial<UsageEntry> = {}): UsageEntry {
  return { at, xRoadId: `x-${at}`, client, service: PERSONS, covert: false, ...change }
}

function index(options: { now?: number; embargoDays?: number; covertNow?: string[] } = {}) {
  const clock = { now: options.now ?? T0 }
  const covert = new Set(options.covertNow ?? [])
  const idx = createUsageIndex({
    now: () => clock.now,
    embargoMs: (options.embargoDays ?? 0) * DAY,
    isCovert: (client) => covert.has(client),
  })
  return { idx, clock }
}

describe('usage index', () => {
  it('lists a subject’s usages newest first, whatever order they arrived in', () => {
    const { idx } = index()
    for (const at of [T0 + 2, T0, T0 + 5, T0 + 1, T0 + 5]) idx.add('s', entry(at))
    idx.add('other', entry(T0 + 3))
    const page = idx.list('s', { includeCovert: false })
    expect(page.total).toBe(5)
    expect(page.usages.map((u) => u.at - T0)).toEqual([5, 5, 2, 1, 0])
    expect(idx.list('nobody', { includeCovert: false })).toEqual({ total: 0, usages: [] })
    expect(idx.size()).toBe(6)
  })

  it('pages with offset and limit; the total ignores both', () => {
    const { idx } = index()
    for (let i = 0; i < 10; i++) idx.add('s', entry(T0 + i))
    const page = idx.list('s', { includeCovert: false, offset: 3, limit: 4 })
    expect(page.total).toBe(10)
    expect(page.usages.map((u) => u.at - T0)).toEqual([6, 5, 4, 3])
    expect(idx.list('s', { includeCovert: false, offset: 20 }).usages).toEqual([])
  })

  it('filters by an inclusive period and by the provider subsystem', () => {
    const { idx } = index()
    for (let i = 0; i < 5; i++) idx.add('s', entry(T0 + i * 1000))
    idx.add('s', entry(T0, BANK_APP, { service: 'KG/GOV/70000001/vehicles/licences' }))
    const period = idx.list('s', { includeCovert: false, fromMs: T0 + 1000, toMs: T0 + 3000 })
    expect(period.usages.map((u) => u.at - T0)).toEqual([3000, 2000, 1000])
    const population = idx.list('s', {
      includeCovert: false,
      subsystem: 'KG/GOV/70000001/population',
    })
    expect(population.total).toBe(5)
    expect(idx.list('s', { includeCovert: false, subsystem: 'KG/GOV/70000001/pop' }).total).toBe(0)
  })

  it('withholds covert access from citizens until the embargo ends, never from auditors', () => {
    const { idx, clock } = index({ embargoDays: 30 })
    idx.add('s', entry(T0, BANK_APP))
    idx.add('s', entry(T0 + 1000, AGENCY_APP, { covert: true }))
    const citizen = () => idx.list('s', { includeCovert: false }).usages.map((u) => u.client)
    expect(citizen()).toEqual([BANK_APP])
    expect(idx.list('s', { includeCovert: true }).usages.map((u) => u.client)).toEqual([
      AGENCY_APP,
      BANK_APP,
    ])
    clock.now = T0 + 1000 + 30 * DAY - 1
    expect(citizen()).toEqual([BANK_APP])
    clock.now = T0 + 1000 + 30 * DAY
    expect(citizen()).toEqual([AGENCY_APP, BANK_APP])
  })

  it('also withholds access by a client that joined the covert group after the fact', () => {
    const { idx } = index({ embargoDays: 30, covertNow: [AGENCY_APP] })
    idx.add('s', entry(T0, AGENCY_APP, { covert: false }))
    expect(idx.list('s', { includeCovert: false }).total).toBe(0)
    expect(idx.list('s', { includeCovert: true }).total).toBe(1)
  })

  it('shows covert access at once with an embargo of zero days', () => {
    const { idx } = index({ embargoDays: 0, covertNow: [AGENCY_APP] })
    idx.add('s', entry(T0, AGENCY_APP, { covert: true }))
    expect(idx.list('s', { includeCovert: false }).total).toBe(1)
  })
})
