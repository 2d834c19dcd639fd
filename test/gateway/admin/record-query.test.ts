// Record queries by X-Road-Id and X-Road-Request-Id: a reused X-Road-Id lists every exchange.
import { describe, expect, it } from 'vitest'
import { parseRecordQuery, queryRecords, toCsv } from '#gateway/admin/record-query.js'
import { createAuditLog } from '#gateway/audit/index.js'
import { GatewayError } from '#gateway/lib/errors.js'
import { sampleRecord, tempDir } from '../../support/audit-fixtures.js'

/** Four records: the first and third share one X-Road-Id, each has its own request id. */
async function reusedLog(): Promise<string> {
  const dir = await tempDir()
  const log = await createAuditLog({ dir })
  await log.append({ ...sampleRecord(1), xRoadId: 'loan-7' })
  await log.append(sampleRecord(2))
  await log.append({ ...sampleRecord(3), xRoadId: 'loan-7', status: 404 })
  await log.append(sampleRecord(4))
  await log.close()
  return dir
}

const everyone = () => true

describe('record queries by message id', () => {
  it('returns every record of a reused X-Road-Id, in log order', async () => {
    const dir = await reusedLog()
    const page = await queryRecords(
      dir,
      parseRecordQuery(new URLSearchParams('xRoadId=loan-7')),
      everyone,
    )
    expect(page.records.map((r) => [r.seq, r.requestId, r.status])).toEqual([
      [1, 'req-1', 200],
      [3, 'req-3', 404],
    ])
  })

  it('returns the one exchange an X-Road-Request-Id names', async () => {
    const dir = await reusedLog()
    const query = parseRecordQuery(new URLSearchParams('xRoadId=loan-7&requestId=req-3'))
    const page = await queryRecords(dir, query, everyone)
    expect(page.records.map((r) => r.seq)).toEqual([3])
  })

  it('refuses a malformed id with 400 client.bad_request', () => {
    for (const query of ['xRoadId=two%20words', `requestId=${'r'.repeat(129)}`, 'requestId=']) {
      const parse = () => parseRecordQuery(new URLSearchParams(query))
      expect(parse, query).toThrow(GatewayError)
      expect(parse, query).toThrow(
        expect.objectContaining({ code: 'client.bad_request', status: 400 }),
      )
    }
  })

  it('puts the request id in the last CSV column', async () => {
    const dir = await reusedLog()
    const page = await queryRecords(
      dir,
      parseRecordQuery(new URLSearchParams('xRoadId=loan-7')),
      everyone,
    )
    const lines = toCsv(page.records).split('\r\n')
    expect(lines[0]).toBe(
      'seq,time,side,xRoadId,client,service,method,path,userId,issue,status,error,dataSubject,requestId',
    )
    expect(lines.slice(1, 3).map((l) => l.split(',').at(-1))).toEqual(['req-1', 'req-3'])
  })
})
