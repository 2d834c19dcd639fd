// A citizen's findUsage answer gathered over the member's nodes: each node widened to the first
// offset+limit usages, merged newest first, the caller's page cut from the merge.
import { describe, expect, it } from 'vitest'
import {
  createDataTracker,
  gatherUsage,
  hashDataSubject,
  type UsageRequest,
} from '#gateway/tracker/index.js'
import { BANK_APP, CITIZEN, KEY, POPULATION, testView, usageRecord } from './fixtures.js'

function findUsage(query: string, path = '/v2/findUsage'): UsageRequest {
  return { method: 'GET', subsystem: POPULATION, path, query, userId: `KG${CITIZEN}` }
}

/** An answer of `logtimes` (hours of 2026-03-01) as a node gives it. */
function answer(...hours: number[]) {
  return {
    totalUsages: hours.length,
    usages: hours.map((h) => ({ logtime: `2026-03-01T${String(h).padStart(2, '0')}:00:00.000Z` })),
  }
}

/** Nodes that answer with fixed lists and record what they were asked. */
function nodes(here: unknown, others: unknown[]) {
  const asked: { here: UsageRequest[]; others: string[] } = { here: [], others: [] }
  return {
    asked,
    nodes: {
      answerHere: (r: UsageRequest) => (asked.here.push(r), here),
      askOthers: async (path: string) => (asked.others.push(path), others),
    },
  }
}

describe('gatherUsage', () => {
  it('merges every node newest first, adds the totals and cuts the caller page', async () => {
    const { nodes: n } = nodes(answer(9, 12), [answer(10, 13), answer(11)])
    const merged = await gatherUsage(findUsage(`userCode=KG${CITIZEN}&offset=1&limit=2`), n)
    expect(merged).toEqual({ totalUsages: 5, usages: answer(12, 11).usages })
  })

  it('asks each node for the first offset+limit usages, itself included', async () => {
    const { nodes: n, asked } = nodes(answer(), [])
    await gatherUsage(findUsage(`userCode=KG${CITIZEN}&offset=5&limit=10`), n)
    const widened = `userCode=KG${CITIZEN}&offset=0&limit=15`
    expect(asked.here.map((r) => r.query)).toEqual([widened])
    expect(asked.others).toEqual([`/r1/${POPULATION}/findUsage/v2/findUsage?${widened}`])
  })

  it('never asks a node for more than the protocol page of 1000', async () => {
    const { nodes: n, asked } = nodes(answer(), [])
    await gatherUsage(findUsage(`userCode=KG${CITIZEN}&offset=900&limit=5000`), n)
    expect(new URLSearchParams(asked.here[0]!.query).get('limit')).toBe('1000')
  })

  it('leaves out a node that failed or gave something other than a usage list', async () => {
    const { nodes: n } = nodes(answer(9), [undefined, { usages: 'x' }, answer(10)])
    expect(await gatherUsage(findUsage(''), n)).toEqual({
      totalUsages: 2,
      usages: answer(10, 9).usages,
    })
  })

  it.each(['/v2/usagePeriod', '/v2/heartbeat'])('answers %s from this node alone', async (path) => {
    const { nodes: n, asked } = nodes({ status: 'OK' }, [answer(1)])
    expect(await gatherUsage(findUsage('', path), n)).toEqual({ status: 'OK' })
    expect(asked.others).toEqual([])
  })

  it("lets this node's refusal through without asking the others", async () => {
    const refusing = {
      answerHere: () => {
        throw new Error('bad request')
      },
      askOthers: async () => {
        throw new Error('must not be asked')
      },
    }
    await expect(gatherUsage(findUsage(''), refusing)).rejects.toThrow('bad request')
  })

  it("takes the data tracker's own answer to the widened request", async () => {
    const view = testView()
    const tracker = createDataTracker({ key: KEY, directory: () => view })
    const subject = hashDataSubject(KEY, CITIZEN)
    for (const at of ['2026-03-01T09:00:00.000Z', '2026-03-01T12:00:00.000Z'])
      tracker.observe(usageRecord(subject, BANK_APP, at))
    const merged = await gatherUsage(findUsage(`userCode=KG${CITIZEN}&offset=1&limit=1`), {
      answerHere: (r) => tracker.answer(r),
      askOthers: async () => [answer(10)],
    })
    expect(merged).toMatchObject({
      totalUsages: 3,
      usages: [{ logtime: '2026-03-01T10:00:00.000Z' }],
    })
  })
})
