// The auditor view's table of records: a person appears as {pin} and the keyed hash, never the code.
import { describe, expect, it } from 'vitest'
import type { AuditRecord } from '#gateway/audit/index.js'
import { RecordsTable } from '#sandbox/console/views/auditor-sections.js'

const HASH = 'q3YdQm0J8bWkz1rR2o7x9mXb9uYc2h1VJ0kqZ8r4p6M'

function record(fields: Partial<AuditRecord>): AuditRecord {
  return {
    seq: 1,
    time: '2026-01-01T00:00:01.000Z',
    prev: '',
    side: 'consumer',
    node: 'KG/COM/10000001/gw1',
    xRoadId: 'x-1',
    requestId: 'r-1',
    client: 'KG/COM/10000001/kyc-app',
    service: 'KG/GOV/70000001/population/persons',
    method: 'GET',
    path: '/{pin}/FAMILY',
    userId: 'KG{pin}',
    status: 404,
    timings: { receivedAt: '', respondedAt: '', durationMs: 0 },
    sizes: { request: 0, response: 0 },
    digests: {},
    signatures: {},
    ...fields,
  }
}

async function render(records: AuditRecord[]): Promise<string> {
  const filters = {
    client: '',
    service: '',
    status: '',
    from: '',
    to: '',
    userId: '',
    xRoadId: '',
    pin: '',
  }
  const node = RecordsTable({ node: 'KG/COM/10000001/gw1', filters, records, paged: false })
  return String(await node.toString())
}

describe('RecordsTable', () => {
  it('shows the data subject as the keyed hash beside the redacted request', async () => {
    const html = await render([record({ dataSubject: HASH })])
    expect(html).toContain('<code>GET /{pin}/FAMILY</code>')
    expect(html).toContain(`subject <code>${HASH}</code>`)
    expect(html).toContain('KG{pin}')
  })

  it('shows no subject line for a record without a data subject', async () => {
    const html = await render([record({ path: '/items/3', userId: undefined })])
    expect(html).toContain('<code>GET /items/3</code>')
    expect(html).not.toContain('class="subject"')
  })
})
