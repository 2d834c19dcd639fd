import { describe, expect, it } from 'vitest'
import { validTraceparent, validTracestate } from '#gateway/lib/trace-context.js'

const GOOD = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'

describe('trace context', () => {
  it('keeps a well-formed traceparent as it is', () => {
    expect(validTraceparent(GOOD)).toBe(GOOD)
  })

  it.each([
    ['free text', 'case 22905199138381'],
    ['upper-case hex', GOOD.toUpperCase()],
    ['version ff', `ff${GOOD.slice(2)}`],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-b7ad6b7169203331-01`],
    ['an all-zero parent id', `00-0af7651916cd43dd8448eb211c80319c-${'0'.repeat(16)}-01`],
    ['a trailing part', `${GOOD}-extra`],
  ])('drops %s', (_name, value) => {
    expect(validTraceparent(value)).toBeUndefined()
  })

  it('keeps tracestate only beside a valid traceparent and within 512 printable characters', () => {
    expect(validTracestate('kopuro=1', GOOD)).toBe('kopuro=1')
    expect(validTracestate('kopuro=1', 'nonsense')).toBeUndefined()
    expect(validTracestate('a'.repeat(513), GOOD)).toBeUndefined()
    expect(validTracestate('a=\u00e4', GOOD)).toBeUndefined()
  })
})
