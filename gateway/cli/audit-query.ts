// `kopuro audit query`: one page of a gateway's message-log records, as a table.
import type { AuditRecord } from '../audit/index.js'
import { reportErrors } from './cli-errors.js'
import { EXIT } from './exit-codes.js'
import { adminRequest } from './admin-request.js'
import { resolveAdminTarget, type AdminTargetOptions } from './admin-target.js'
import { checkedCursor, recordsPath, type RecordFilterOptions } from './audit-record-filters.js'
import { formatTable } from './text-table.js'
import { readAnswerJson } from './read-answer.js'

export interface AuditQueryOptions extends AdminTargetOptions, RecordFilterOptions {
  /** Records on the page (1 to 1000). */
  limit: number
  /** Where the page starts: the `next` cursor a previous page printed. */
  cursor?: string
  /** Test seam. */
  fetch?: typeof fetch
}

type Out = { log(s: string): void; error(s: string): void }

const HEADERS = ['TIME', 'SIDE', 'CLIENT', 'SERVICE', 'STATUS', 'X-ROAD-ID', 'REQUEST-ID']

/**
 * Asks the gateway's auditor API for one page of matching records and prints time, side, client,
 * service, status, x-road-id and request id (the one `kopuro audit evidence --request-id` takes),
 * then how to get the next page. Exit code 0, 1 when the gateway
 * refused (its error is printed), 2 on bad usage, 3 when it could not be reached.
 *
 * @example process.exitCode = await auditQueryCommand({ node, sandbox, limit: 20 }, console)
 */
export async function auditQueryCommand(options: AuditQueryOptions, out: Out): Promise<number> {
  return reportErrors('audit query', out, async () => {
    const target = await resolveAdminTarget(options, 'auditor')
    const path = recordsPath(options, {
      limit: options.limit,
      cursor: options.cursor,
      format: 'json',
    })
    const res = await adminRequest(target, path, { fetch: options.fetch })
    const page = (await readAnswerJson(res)) as { records: AuditRecord[]; next: string | null }
    if (page.records.length > 0) out.log(formatTable(HEADERS, page.records.map(row)))
    const count = `${page.records.length} ${page.records.length === 1 ? 'record' : 'records'}`
    const next = checkedCursor(page.next ?? undefined)
    out.log(next ? `${count}; next page: --cursor ${next}` : count)
    return EXIT.OK
  })
}

function row(record: AuditRecord): string[] {
  const cells = [record.time, record.side, record.client, record.service, record.status]
  return [...cells, record.xRoadId, record.requestId].map((cell) => String(cell ?? ''))
}
