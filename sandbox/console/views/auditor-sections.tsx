// The auditor view's sections: the filter form, a page of records, a log's verification.
import type { AuditRecord } from '../../../gateway/audit/index.js'
import type { SandboxGateway } from '../../sandbox-file.js'
import { formatInstant } from '../time-format.js'
import type { NodeVerification } from './audit-verify.js'
import { filterQuery, type RecordFilters } from './record-filters.js'
import { statusBadge } from './view-format.js'

export function FilterForm(props: {
  gateways: SandboxGateway[]
  node: string
  filters: RecordFilters
  clients: string[]
  services: string[]
}) {
  const f = props.filters
  return (
    <form method="get" action="/auditor" class="filters">
      <fieldset>
        <legend>Filter</legend>
        <label>
          node{' '}
          <select name="node">
            {props.gateways.map((g) => (
              <option value={g.node} selected={g.node === props.node}>
                {g.node}
              </option>
            ))}
          </select>
        </label>
        <label>
          client <input name="client" value={f.client} list="auditor-clients" />
        </label>
        <label>
          service <input name="service" value={f.service} list="auditor-services" />
        </label>
        <label>
          status <input name="status" value={f.status} placeholder="200 or 4xx" size={6} />
        </label>
        <label>
          from (UTC) <input name="from" type="datetime-local" step="1" value={f.from} />
        </label>
        <label>
          to (UTC) <input name="to" type="datetime-local" step="1" value={f.to} />
        </label>
        <label>
          user id <input name="userId" value={f.userId} placeholder="KG21505199000001" />
        </label>
        <label>
          X-Road-Id <input name="xRoadId" value={f.xRoadId} size={20} />
        </label>
        <label>
          data subject PIN <input name="pin" value={f.pin} inputmode="numeric" size={16} />
        </label>
        <button type="submit">Filter</button>
      </fieldset>
      <datalist id="auditor-clients">
        {props.clients.map((c) => (
          <option value={c} />
        ))}
      </datalist>
      <datalist id="auditor-services">
        {props.services.map((s) => (
          <option value={s} />
        ))}
      </datalist>
    </form>
  )
}

export function RecordsTable(props: {
  node: string
  filters: RecordFilters
  records: AuditRecord[]
  next?: string
  /** This page was reached with a cursor. */
  paged: boolean
}) {
  const keep = filterQuery(props.node, props.filters)
  const next = new URLSearchParams(keep)
  if (props.next) next.set('cursor', props.next)
  return (
    <div class="records">
      <p>
        {countText(props.records.length, Boolean(props.next))}{' '}
        <a href={`/auditor/export.csv?${keep}`} download>
          Export every match as CSV
        </a>
      </p>
      {props.records.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th>seq</th>
              <th>time</th>
              <th>side</th>
              <th>client</th>
              <th>service</th>
              <th>request</th>
              <th>user / purpose</th>
              <th>status</th>
              <th>evidence</th>
            </tr>
          </thead>
          <tbody>
            {props.records.map((r) => (
              <RecordRow node={props.node} record={r} />
            ))}
          </tbody>
        </table>
      ) : null}
      <p>
        {props.next ? <a href={`/auditor?${next}`}>Next page</a> : null}{' '}
        {props.paged ? <a href={`/auditor?${keep}`}>First page</a> : null}
      </p>
    </div>
  )
}

function countText(count: number, more: boolean): string {
  if (count === 0) return 'No records match.'
  return `${plural(count, 'record')}${more ? ' on this page' : ''}.`
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}

function RecordRow(props: { node: string; record: AuditRecord }) {
  const r = props.record
  // The request id and seq name this one record, whoever else reused its X-Road-Id.
  const evidence = new URLSearchParams({
    node: props.node,
    side: r.side,
    requestId: r.requestId,
    seq: String(r.seq),
  })
  return (
    <tr data-x-road-id={r.xRoadId} data-request-id={r.requestId} data-client={r.client}>
      <td>{r.seq}</td>
      <td>{formatInstant(r.time)}</td>
      <td>{r.side}</td>
      <td>
        <code>{r.client}</code>
      </td>
      <td>
        <code>{r.service}</code>
      </td>
      <td>
        <code>{`${r.method} ${r.path}`}</code>
        {r.action ? <div>{`admin: ${r.action.kind}`}</div> : null}
        {r.dataSubject ? (
          // The person as the log holds them: the member's keyed hash, never the code (docs/design.md §5).
          <div class="subject" title="data subject: keyed hash of the PIN">
            subject <code>{r.dataSubject}</code>
          </div>
        ) : null}
        <div class="ids">
          <code title="X-Road-Id">{r.xRoadId}</code>{' '}
          <code title="X-Road-Request-Id">{r.requestId}</code>
        </div>
      </td>
      <td>
        {r.userId ? <div>{r.userId}</div> : null}
        {(r.purpose ?? r.issue) ? <div>{r.purpose ?? r.issue}</div> : null}
      </td>
      <td>
        <span class={statusBadge(r.status)}>{r.status}</span>
        {r.error ? <div>{r.error}</div> : null}
      </td>
      <td>
        {r.side === 'admin' ? null : (
          <a
            class="evidence"
            href={`/auditor/evidence/${encodeURIComponent(r.xRoadId)}?${evidence}`}
            download
          >
            bundle
          </a>
        )}
      </td>
    </tr>
  )
}

/** One exchange a reused X-Road-Id names, as the gateway lists it (docs/protocol.md §7). */
export interface EvidenceMatch {
  seq: number
  side: string
  requestId: string
  time: string
  client: string
  service: string
  status: number
}

/**
 * The exchanges an X-Road-Id names, each with a link to its own bundle, and a link to every
 * record of the id.
 */
export function EvidenceMatches(props: {
  node: string
  xRoadId: string
  matches: EvidenceMatch[]
}) {
  const records = new URLSearchParams({ node: props.node, xRoadId: props.xRoadId })
  const bundle = (m: EvidenceMatch) =>
    `/auditor/evidence/${encodeURIComponent(props.xRoadId)}?${new URLSearchParams({
      node: props.node,
      side: m.side,
      requestId: m.requestId,
      seq: String(m.seq),
    })}`
  return (
    <section id="matches">
      <h2>
        Exchanges with X-Road-Id <code>{props.xRoadId}</code>
      </h2>
      <table>
        <thead>
          <tr>
            <th>seq</th>
            <th>time</th>
            <th>side</th>
            <th>request id</th>
            <th>client</th>
            <th>service</th>
            <th>status</th>
            <th>evidence</th>
          </tr>
        </thead>
        <tbody>
          {props.matches.map((m) => (
            <tr data-request-id={m.requestId}>
              <td>{m.seq}</td>
              <td>{formatInstant(m.time)}</td>
              <td>{m.side}</td>
              <td>
                <code>{m.requestId}</code>
              </td>
              <td>
                <code>{m.client}</code>
              </td>
              <td>
                <code>{m.service}</code>
              </td>
              <td>
                <span class={statusBadge(m.status)}>{m.status}</span>
              </td>
              <td>
                <a class="evidence" href={bundle(m)} download>
                  bundle
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <a href={`/auditor?${records}`}>Every record of this X-Road-Id</a>
      </p>
    </section>
  )
}

export function VerifyForm(props: { gateways: SandboxGateway[]; node?: string }) {
  return (
    <form method="get" action="/auditor" class="verify">
      <fieldset>
        <legend>Check hash chain, sequence, Merkle roots and signed checkpoints</legend>
        <label>
          node{' '}
          <select name="verify">
            {props.gateways.map((g) => (
              <option value={g.node} selected={g.node === props.node}>
                {g.node}
              </option>
            ))}
          </select>
        </label>{' '}
        <button type="submit">Verify</button>
      </fieldset>
    </form>
  )
}

/** The verifier's verdict: OK with what was checked, or FAILED with the first bad record. */
export function VerifyResult(props: { verification: NodeVerification }) {
  const v = props.verification
  if ('error' in v) {
    return (
      <p class="verdict notice error" data-verdict="failed">
        <span class="badge failed">FAILED</span> {`${v.node}: ${v.error}`}
      </p>
    )
  }
  const r = v.result
  if (!r.ok) {
    const f = r.failure
    return (
      <div class="verdict notice error" data-verdict="failed">
        <p>
          <span class="badge failed">FAILED</span> <code>{v.node}</code>: <strong>{f.kind}</strong>{' '}
          in <code>{f.segment}</code> line {f.line}
          {f.seq !== undefined ? ` (seq ${f.seq})` : ''}
        </p>
        <p>{`${f.message}. Records checked good before it: ${r.records}.`}</p>
      </div>
    )
  }
  return (
    <div class="verdict notice ok" data-verdict="ok">
      <p>
        <span class="badge ok">OK</span> <code>{v.node}</code>:{' '}
        {`${plural(r.records, 'record')}, ${plural(r.checkpoints, 'signed checkpoint')}`}
        {r.head ? ` — head seq ${r.head.seq} at ${formatInstant(r.head.time)}` : ''}
      </p>
      {r.head ? (
        <p>
          head hash <code>{r.head.hash}</code>
        </p>
      ) : null}
      {r.logId ? (
        <p>
          log key <code>{r.logId}</code>
        </p>
      ) : null}
    </div>
  )
}
