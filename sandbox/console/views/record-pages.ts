// Pages of a node's message-log records through its auditor API (GET /audit/records).
import type { AuditRecord } from '../../../gateway/audit/index.js'
import type { SandboxGateway } from '../../sandbox-file.js'
import type { ConsoleContext } from '../context.js'
import { refusalOf } from './view-format.js'

export type RecordPage = { records: AuditRecord[]; next?: string } | { refused: string }

/** The gateway's largest page (gateway/admin/record-query.ts MAX_PAGE). */
export const LARGEST_PAGE = 1000

/**
 * One page of records matching `params` (the API's own parameter names), or the gateway's
 * refusal as text.
 *
 * @example await recordPage(ctx, node, new URLSearchParams({ client, limit: '50' }))
 */
export async function recordPage(
  ctx: ConsoleContext,
  gateway: SandboxGateway,
  params: URLSearchParams,
): Promise<RecordPage> {
  let res
  try {
    res = await ctx.admin(gateway, 'auditor', `/audit/records?${params}`)
  } catch (e) {
    return { refused: `${gateway.node} is unreachable (${(e as Error).message})` }
  }
  if (res.status !== 200) return { refused: refusalOf(res) }
  const body = res.body as { records?: AuditRecord[]; next?: string | null }
  if (!Array.isArray(body.records)) return { refused: 'the gateway sent no records' }
  return { records: body.records, ...(body.next ? { next: body.next } : {}) }
}

/**
 * Every record matching `params`, oldest first, reading at most `maxPages` full pages; `complete`
 * is false when the log holds more than that.
 */
export async function scanRecords(
  ctx: ConsoleContext,
  gateway: SandboxGateway,
  params: URLSearchParams,
  maxPages = 20,
): Promise<{ records: AuditRecord[]; complete: boolean } | { refused: string }> {
  const records: AuditRecord[] = []
  const query = new URLSearchParams(params)
  query.set('limit', String(LARGEST_PAGE))
  for (let page = 0; page < maxPages; page++) {
    const answer = await recordPage(ctx, gateway, query)
    if ('refused' in answer) return answer
    records.push(...answer.records)
    if (answer.next === undefined) return { records, complete: true }
    query.set('cursor', answer.next)
  }
  return { records, complete: false }
}
