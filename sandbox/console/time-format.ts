// Times for status tables: instants as "2026-11-24 00:08:45 UTC", durations as "3 min 5 s".
const UNITS: [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['min', 60_000],
  ['s', 1_000],
]

/** The two largest units of a duration; a negative duration is shown as its magnitude. */
export function formatDuration(ms: number): string {
  const total = Math.abs(Math.round(ms))
  if (total < 1_000) return `${total} ms`
  const i = UNITS.findIndex(([, size]) => total >= size)
  const [unit, size] = UNITS[i]!
  const major = Math.floor(total / size)
  const next = UNITS[i + 1]
  const minor = next ? Math.floor((total - major * size) / next[1]) : 0
  return next && minor > 0 ? `${major} ${unit} ${minor} ${next[0]}` : `${major} ${unit}`
}

/** "in 58 min" for a future instant, "12 s ago" for a past one. */
export function relativeTo(iso: string, now: number): string {
  const at = Date.parse(iso)
  if (Number.isNaN(at)) return 'unknown'
  const delta = at - now
  return delta >= 0 ? `in ${formatDuration(delta)}` : `${formatDuration(delta)} ago`
}

/** An ISO instant to the second, in UTC; the input as given when it is not a date. */
export function formatInstant(iso: string): string {
  const at = Date.parse(iso)
  if (Number.isNaN(at)) return iso
  return `${new Date(at).toISOString().slice(0, 19).replace('T', ' ')} UTC`
}
