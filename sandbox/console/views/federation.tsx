// The federation view, for operators: members from the signed directory, every gateway node's
// readiness, the directory at the authority and the mirror, and the sandbox's processes.
import type { Hono } from 'hono'
import type { DirectoryDocument } from '../../../gateway/directory/index.js'
import type { ConsoleContext } from '../context.js'
import { Page } from '../layout.js'
import { probeNodes, type NodeHealth } from '../node-health.js'
import { processBadge, processStates, type ProcessReport } from '../process-states.js'
import { readEverySource, type DirectoryReading } from '../signed-directory.js'
import { DirectoryTable, MembersTable } from './federation-directory.js'

/** `GET /federation`: everything is asked afresh, in parallel, on each load. */
export function mountFederationView(app: Hono, ctx: ConsoleContext): void {
  app.get('/federation', async (c) => {
    const sandbox = await ctx.sandbox()
    const [readings, nodes, processes] = await Promise.all([
      readEverySource(sandbox).catch((e: Error) => e),
      probeNodes(sandbox.gateways),
      processStates(sandbox),
    ])
    const notice =
      readings instanceof Error
        ? {
            kind: 'error' as const,
            text: `The trust anchor could not be read: ${readings.message}`,
          }
        : undefined
    return c.html(
      <FederationPage
        readings={readings instanceof Error ? [] : readings}
        nodes={nodes}
        processes={processes}
        now={Date.now()}
        notice={notice}
      />,
    )
  })
}

interface FederationPageProps {
  readings: DirectoryReading[]
  nodes: NodeHealth[]
  processes: ProcessReport
  now: number
  notice?: { kind: 'error'; text: string }
}

function FederationPage(props: FederationPageProps) {
  const verified = props.readings.flatMap((r) => (r.ok ? [r.directory.document] : []))
  const doc: DirectoryDocument | undefined = verified[0]
  const ready = props.nodes.filter((n) => n.state === 'ready').length
  return (
    <Page title="Federation" active="/federation" notice={props.notice}>
      <p class="lead">
        The federation as its operators see it: who is in it, whether every gateway node can carry
        traffic, and whether the authority and its mirror publish the same signed directory.{' '}
        <a href="/federation">Refresh</a>
      </p>
      <p class="summary">
        <span class={`badge ${ready === props.nodes.length ? 'ok' : 'failed'}`}>
          {`${ready} of ${props.nodes.length} gateway nodes ready`}
        </span>{' '}
        {doc ? (
          <span class="badge ok">{`directory serial ${doc.serial}`}</span>
        ) : (
          <span class="badge failed">no verified directory</span>
        )}
      </p>
      <h2>Directory</h2>
      <DirectoryTable readings={props.readings} now={props.now} />
      <h2>Gateway nodes</h2>
      <NodesTable nodes={props.nodes} doc={doc} />
      <h2>Members</h2>
      {doc ? <MembersTable doc={doc} /> : <p class="muted">No verified directory to list.</p>}
      <h2>Sandbox processes</h2>
      <ProcessesTable report={props.processes} />
    </Page>
  )
}

const NODE_BADGES = {
  ready: ['ok', 'ready'],
  not_ready: ['failed', 'not ready'],
  unreachable: ['stopped', 'unreachable'],
} as const

function NodesTable(props: { nodes: NodeHealth[]; doc?: DirectoryDocument }) {
  const names = new Map(props.doc?.members.map((m) => [m.id, m.name]))
  return (
    <table class="nodes">
      <thead>
        <tr>
          <th>Node</th>
          <th>Member</th>
          <th>Health</th>
          <th>Directory held</th>
          <th>Log seq</th>
          <th>Listeners</th>
        </tr>
      </thead>
      <tbody>
        {props.nodes.map((n) => {
          const [kind, label] = NODE_BADGES[n.state]
          return (
            <tr data-node={n.gateway.node} data-state={n.state}>
              <td>
                <code>{n.gateway.node}</code>
              </td>
              <td>{names.get(n.gateway.memberId) ?? n.gateway.memberId}</td>
              <td>
                <span class={`badge ${kind}`}>{label}</span>
                {n.reason ? <div class="muted">{n.reason}</div> : null}
              </td>
              <td>
                {n.directory?.serial !== undefined ? <code>{n.directory.serial}</code> : '—'}
                {n.directory?.valid === false ? <div class="muted">expired</div> : null}
              </td>
              <td class="num">{n.seq ?? '—'}</td>
              <td class="muted">
                consumer <code>{n.gateway.consumerUrl}</code>
                <br />
                admin <code>{n.gateway.adminUrl}</code>
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

function ProcessesTable(props: { report: ProcessReport }) {
  return (
    <>
      <p class="muted">
        {props.report.source === 'supervisor'
          ? 'As the sandbox’s supervisor reports them.'
          : 'The supervisor does not answer: states from the process ids in sandbox.json.'}
      </p>
      <table class="processes">
        <thead>
          <tr>
            <th>Process</th>
            <th>Kind</th>
            <th>PID</th>
            <th>State</th>
          </tr>
        </thead>
        <tbody>
          {props.report.processes.map((p) => (
            <tr data-process={p.name} data-state={p.state}>
              <td>{p.name}</td>
              <td>{p.kind}</td>
              <td class="num">{p.pid ?? '—'}</td>
              <td>
                <span class={`badge ${processBadge(p.state)}`}>{p.state}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}
