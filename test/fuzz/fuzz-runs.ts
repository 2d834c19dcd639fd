// How many cases each property runs: a few seconds' worth in `npm test`, as many as asked for with
// KOPURO_FUZZ_RUNS (for example `KOPURO_FUZZ_RUNS=200000 npx vitest run test/fuzz`).
import fc from 'fast-check'

const asked = Number(process.env['KOPURO_FUZZ_RUNS'])

/** fast-check parameters for one property whose quick run is `quick` cases. */
export function runs(quick: number): fc.Parameters<unknown> {
  return { numRuns: Number.isSafeInteger(asked) && asked > 0 ? asked : quick }
}

/** Long runs need more than vitest's default per-test timeout. */
export const FUZZ_TIMEOUT = Number.isSafeInteger(asked) && asked > 0 ? 0 : 20_000

/** Strings mixing printable ASCII, structural characters and arbitrary UTF-16. */
export function hostileString(maxLength = 200): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: fc.constantFrom(...'=;,()"\\:*?/ -_.%a1'.split('')), maxLength }),
  )
}
