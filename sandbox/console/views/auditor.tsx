// The auditor view: filtered records per node, log verification, evidence bundles, CSV export.
import type { Context, Hono } from 'hono'
import type { SandboxGateway } from '../../sandbox-file.js'
import type { ConsoleContext } from '../context.js'
import type { NoticeBoard } from '../notices.js'
import { Page, noticeFrom, type PageProps } from '../layout.js'
import { verifyNodeLog } from './audit-verify.js'
import { isMessageId } from '../../../gateway/lib/ids.js'
import {
  EvidenceMatches,
  FilterForm,
  RecordsTable,
  VerifyForm,
  VerifyResult,
  type EvidenceMatch,
} from './auditor-sections.js'
import { apiParams, filtersFrom, type RecordFilters } from './record-filters.js'
import { LARGEST_PAGE, recordPage, type RecordPage } from './record-pages.js'
import { refusalOf } from './view-format.js'

/** Records per page in the view. */
const PAGE_SIZE = 50
/** The CSV export reads at most this many full pages (50 000 records). */
const EXPORT_PAGES = 50
const CURSOR = /^[A-Za-z0-9_-]{1,200}$/

/**
 * Mounts `GET /auditor`, `/auditor/export.csv` and `/auditor/evidence/{x-road-id}`: the bundle
 * of the one exchange the link's request id names, or the list when a reused id names several.
 */
export function mountAuditorView(app: Hono, ctx: ConsoleContext, notices: NoticeBoard): void {
  app.get('/auditor', async (c) => {
    const sandbox = await ctx.sandbox()
    const params = new URL(c.req.url).searchParams
    const filters = filtersFrom(params)
    const find = (id: string | null) => sandbox.gateways.find((g) => g.node === id)
    const verifyNode = params.get('verify') ?? undefined
    const target = find(verifyNode ?? null)
    const node = params.get('node') ?? target?.node ?? sandbox.gateways[0]?.node ?? ''
    const gateway = find(node)
    const problems: string[] = []
    if (verifyNode !== undefined && !target) problems.push('No such gateway node to verify.')
    const verification = target ? await verifyNodeLog(target) : undefined
    let page: RecordPage | undefined
    if (!gateway) problems.push('No such gateway node: choose one.')
    else page = await firstOrNextPage(ctx, gateway, filters, params.get('cursor'))
    if (page && 'refused' in page) problems.push(page.refused)
    const notice: PageProps['notice'] =
      problems.length > 0
        ? { kind: 'error', text: problems.join(' ') }
        : noticeFrom(notices, c.req.url)
    return c.html(
      <AuditorPage notice={notice}>
        <section id="verify">
          <h2>Verify a node’s log</h2>
          <VerifyForm gateways={sandbox.gateways} node={verifyNode ?? node} />
          {verification ? <VerifyResult verification={verification} /> : null}
        </section>
        <section id="records">
          <h2>Records</h2>
          <FilterForm
            gateways={sandbox.gateways}
            node={node}
            filters={filters}
            clients={sandbox.clients.map((c) => c.id)}
            services={sandbox.members.flatMap((m) => m.services.map((s) => s.id))}
          />
          {page && !('refused' in page) ? (
            <RecordsTable
              node={node}
              filters={filters}
              records={page.records}
              next={page.next}
              paged={params.has('cursor')}
            />
          ) : null}
        </section>
      </AuditorPage>,
      problems.length > 0 ? 400 : 200,
    )
  })
  app.get('/auditor/export.csv', async (c) => {
    const params = new URL(c.req.url).searchParams
    const gateway = (await ctx.sandbox()).gateways.find((g) => g.node === params.get('node'))
    if (!gateway) return problem(c, 'No such gateway node to export from.', 404)
    const query = await apiParams(gateway, filtersFrom(params))
    if ('reason' in query) return problem(c, query.reason, 400)
    const csv = await exportCsv(ctx, gateway, query)
    if ('refused' in csv) return problem(c, csv.refused, 502)
    return c.body(csv.text, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="records-${safeName(gateway.node)}.csv"`,
    })
  })
  app.get('/auditor/evidence/:xRoadId', async (c) => {
    const gateway = (await ctx.sandbox()).gateways.find((g) => g.node === c.req.query('node'))
    if (!gateway) return problem(c, 'No such gateway node.', 404)
    const id = c.req.param('xRoadId')
    const lookup = evidenceLookup(new URL(c.req.url).searchParams)
    if ('reason' in lookup) return problem(c, lookup.reason, 400)
    const query = lookup.size > 0 ? `?${lookup}` : ''
    const path = `/audit/evidence/${encodeURIComponent(id)}${query}`
    const res = await ctx.admin(gateway, 'auditor', path).catch((e: Error) => e)
    if (res instanceof Error) return problem(c, `${gateway.node} is unreachable.`, 502)
    if (res.status === 300) {
      // A reused X-Road-Id: the gateway lists the exchanges, and so does the console.
      const { matches } = res.body as { matches?: EvidenceMatch[] }
      return c.html(
        <AuditorPage notice={{ kind: 'error', text: AMBIGUOUS }}>
          <EvidenceMatches node={gateway.node} xRoadId={id} matches={matches ?? []} />
        </AuditorPage>,
        300,
      )
    }
    if (res.status !== 200) {
      const pending = res.status === 409 ? ' No checkpoint covers it yet: try again shortly.' : ''
      const status = res.status === 404 || res.status === 409 ? res.status : 502
      return problem(c, `${refusalOf(res)}.${pending}`, status)
    }
    const requestId = (res.body as { record?: { requestId?: unknown } }).record?.requestId
    const name = `evidence-${safeName(id)}-${safeName(String(requestId ?? ''))}.json`
    return c.body(JSON.stringify(res.body, null, 2), 200, {
      'content-type': 'application/json',
      'content-disposition': `attachment; filename="${name}"`,
    })
  })
}

const AMBIGUOUS =
  'This X-Road-Id names several exchanges in the node’s log. Choose one by its request id.'

/**
 * The gateway's evidence parameters from the console link: `side`, `requestId` and `seq`, each
 * checked as the gateway checks it (docs/protocol.md §7), so a bad link gets a clear notice.
 */
export function evidenceLookup(params: URLSearchParams): URLSearchParams | { reason: string } {
  const lookup = new URLSearchParams()
  const side = params.get('side')
  if (side !== null) {
    if (side !== 'consumer' && side !== 'provider') {
      return { reason: 'The side is consumer or provider.' }
    }
    lookup.set('side', side)
  }
  const requestId = params.get('requestId')
  if (requestId !== null) {
    if (!isMessageId(requestId)) return { reason: 'That request id is not one a gateway assigns.' }
    lookup.set('requestId', requestId)
  }
  const seq = params.get('seq')
  if (seq !== null) {
    if (!/^[1-9][0-9]{0,14}$/.test(seq)) return { reason: 'The seq is a record number.' }
    lookup.set('seq', seq)
  }
  return lookup
}

async function firstOrNextPage(
  ctx: ConsoleContext,
  gateway: SandboxGateway,
  filters: RecordFilters,
  cursor: string | null,
): Promise<RecordPage> {
  const query = await apiParams(gateway, filters)
  if ('reason' in query) return { refused: query.reason }
  if (cursor !== null) {
    if (!CURSOR.test(cursor)) return { refused: 'That page link is broken: start again.' }
    query.set('cursor', cursor)
  }
  query.set('limit', String(PAGE_SIZE))
  return recordPage(ctx, gateway, query)
}

/** Every matching record as one CSV: the gateway's pages, joined under one header row. */
async function exportCsv(
  ctx: ConsoleContext,
  gateway: SandboxGateway,
  query: URLSearchParams,
): Promise<{ text: string } | { refused: string }> {
  query.set('format', 'csv')
  query.set('limit', String(LARGEST_PAGE))
  let text = ''
  for (let page = 0; page < EXPORT_PAGES; page++) {
    const res = await ctx
      .admin(gateway, 'auditor', `/audit/records?${query}`)
      .catch((e: Error) => e)
    if (res instanceof Error) return { refused: `${gateway.node} is unreachable.` }
    if (res.status !== 200) return { refused: refusalOf(res) }
    const body = String(res.body)
    text += page === 0 ? body : body.slice(body.indexOf('\r\n') + 2)
    const next = res.headers.get('x-next-cursor')
    if (!next) break
    query.set('cursor', next)
  }
  return { text }
}

/** An identifier as a file name: anything but letters, digits, `.`, `_` and `-` becomes `_`. */
function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120)
}

function problem(
  c: Context,
  text: string,
  status: 400 | 404 | 409 | 502,
): Response | Promise<Response> {
  return c.html(
    <AuditorPage notice={{ kind: 'error', text }}>
      <p>
        <a href="/auditor">Back to the records</a>
      </p>
    </AuditorPage>,
    status,
  )
}

function AuditorPage(props: { notice: PageProps['notice']; children?: PageProps['children'] }) {
  return (
    <Page title="Auditor" active="/auditor" notice={props.notice}>
      <p>
        Every gateway node keeps its own hash-chained, checkpointed message log. Read it through the
        node’s auditor API, verify it here, and take any exchange’s evidence away to check offline (
        <code>npx kopuro evidence verify</code>).
      </p>
      {props.children}
    </Page>
  )
}
