// Status-table times: short durations with two units at most, instants in UTC to the second.
import { describe, expect, it } from 'vitest'
import { formatDuration, formatInstant, relativeTo } from '#sandbox/console/time-format.js'

describe('formatDuration', () => {
  it.each([
    [420, '420 ms'],
    [42_000, '42 s'],
    [185_000, '3 min 5 s'],
    [3_600_000, '1 h'],
    [7_830_000, '2 h 10 min'],
    [-90_000, '1 min 30 s'],
    [273_600_000, '3 d 4 h'],
  ])('%i ms → %s', (ms, text) => expect(formatDuration(ms)).toBe(text))
})

describe('formatInstant and relativeTo', () => {
  it('shows instants in UTC and says whether they are past or to come', () => {
    expect(formatInstant('2026-11-24T00:08:45.835Z')).toBe('2026-11-24 00:08:45 UTC')
    expect(formatInstant('not a date')).toBe('not a date')
    const now = Date.parse('2026-11-24T00:00:00Z')
    expect(relativeTo('2026-11-24T00:58:00Z', now)).toBe('in 58 min')
    expect(relativeTo('2026-11-23T23:59:48Z', now)).toBe('12 s ago')
  })
})
