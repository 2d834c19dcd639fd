// Timestamps as the fines register writes them: RFC 3339, UTC, whole seconds.

/** `2024-11-03T08:15:00Z` for a time in ms since the epoch. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}
