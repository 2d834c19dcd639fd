// The agency view's sections: services and their state, publication, access rights, callers.
import type { SandboxMember } from '../../sandbox-file.js'
import { formatInstant } from '../time-format.js'
import type { CallerSummary, ServiceState } from './agency-activity.js'
import type { HeldGrant } from './agency-data.js'
import { memberOfId, nodeName, statusBadge } from './view-format.js'

const Member = (props: { member: string }) => (
  <input type="hidden" name="member" value={props.member} />
)

export function ServicesSection(props: { member: string; services: ServiceState[] }) {
  return (
    <section id="services">
      <h2>Services</h2>
      <table>
        <thead>
          <tr>
            <th>service</th>
            <th>state per node</th>
            <th>change</th>
          </tr>
        </thead>
        <tbody>
          {props.services.map((s) => (
            <tr data-service={s.id}>
              <td>
                <code>{s.id}</code>
                {s.title ? <div>{s.title}</div> : null}
              </td>
              <td>
                {s.nodes.map((n) => (
                  <div>
                    {nodeName(n.node)}: <NodeState {...n} />
                  </div>
                ))}
              </td>
              <td>
                <ServiceActions member={props.member} service={s} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

function NodeState(props: ServiceState['nodes'][number]) {
  if (props.unknown) return <span class="badge">unknown</span>
  if (!props.published) return <span class="badge failed">not published</span>
  if (props.disabledNotice === undefined) return <span class="badge ok">enabled</span>
  return (
    <span>
      <span class="badge failed">disabled</span> “{props.disabledNotice}”
    </span>
  )
}

function ServiceActions(props: { member: string; service: ServiceState }) {
  const disabled = props.service.nodes.some((n) => n.disabledNotice !== undefined)
  return (
    <div>
      <form method="post" action="/agency/disable">
        <Member member={props.member} />
        <input type="hidden" name="service" value={props.service.id} />
        <label>
          notice{' '}
          <input name="notice" required maxlength={500} placeholder="Maintenance until 02:00" />
        </label>{' '}
        <button type="submit">Disable</button>
      </form>
      {disabled ? (
        <form method="post" action="/agency/enable">
          <Member member={props.member} />
          <input type="hidden" name="service" value={props.service.id} />
          <button type="submit">Enable</button>
        </form>
      ) : null}
    </div>
  )
}

export function PublishSection(props: { member: string; subsystems: string[] }) {
  return (
    <section id="publish">
      <h2>Publish a service</h2>
      <form method="post" action="/agency/publish">
        <Member member={props.member} />
        <fieldset>
          <legend>New service (reachable by no one until granted)</legend>
          <label>
            subsystem{' '}
            <select name="subsystem">
              {props.subsystems.map((s) => (
                <option value={s}>{s}</option>
              ))}
            </select>
          </label>
          <label>
            service code <input name="code" required placeholder="people" />
          </label>
          <label>
            backend URL <input name="url" required placeholder="http://127.0.0.1:4701" />
          </label>
          <label>
            title <input name="title" maxlength={200} />
          </label>
          <label>
            OpenAPI contract (JSON, optional: with it the gateway validates requests)
            <textarea name="contract" rows={4}></textarea>
          </label>
          <button type="submit">Publish</button>
        </fieldset>
      </form>
    </section>
  )
}

export function GrantsSection(props: {
  member: string
  grants: HeldGrant[]
  clients: string[]
  services: string[]
  nodeCount: number
}) {
  return (
    <section id="grants">
      <h2>Access rights</h2>
      <form method="post" action="/agency/grant">
        <Member member={props.member} />
        <fieldset>
          <legend>Grant access</legend>
          <label>
            subject{' '}
            <select name="subject">
              {props.clients.map((c) => (
                <option value={c}>{c}</option>
              ))}
            </select>
          </label>
          <label>
            service{' '}
            <select name="service">
              {props.services.map((s) => (
                <option value={s}>{s}</option>
              ))}
            </select>
          </label>
          <label>
            endpoints, one <code>METHOD /path</code> per line (<code>*</code> one segment,{' '}
            <code>**</code> the rest); empty grants the whole service
            <textarea name="endpoints" rows={3} placeholder="GET /*"></textarea>
          </label>
          <button type="submit">Grant</button>
        </fieldset>
      </form>
      <GrantsTable {...props} />
    </section>
  )
}

function GrantsTable(props: { member: string; grants: HeldGrant[]; nodeCount: number }) {
  if (props.grants.length === 0) return <p>No grants: no one may call these services.</p>
  return (
    <table>
      <thead>
        <tr>
          <th>subject</th>
          <th>service</th>
          <th>endpoints</th>
          <th>held by</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        {props.grants.map(({ grant, nodes }) => (
          <tr data-subject={grant.subject} data-service={grant.service}>
            <td>
              <code>{grant.subject}</code>
            </td>
            <td>
              <code>{grant.service}</code>
            </td>
            <td>
              {grant.endpoints
                ? grant.endpoints.map((e) => <div>{`${e.method} ${e.path}`}</div>)
                : 'the whole service'}
            </td>
            <td>
              {nodes.map(nodeName).join(', ')}{' '}
              {nodes.length < props.nodeCount ? <span class="badge failed">partial</span> : null}
            </td>
            <td>
              <form method="post" action="/agency/revoke">
                <Member member={props.member} />
                <input type="hidden" name="grant" value={JSON.stringify(grant)} />
                <button type="submit">Revoke</button>
              </form>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function CallersSection(props: {
  callers: CallerSummary[]
  members: SandboxMember[]
  scope: string
}) {
  const name = (client: string) => props.members.find((m) => m.id === memberOfId(client))?.name
  return (
    <section id="callers">
      <h2>Who calls these services</h2>
      <p>{props.scope}</p>
      {props.callers.length === 0 ? (
        <p>No calls logged yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>client</th>
              <th>calls</th>
              <th>last call</th>
              <th>services</th>
              <th>statuses</th>
            </tr>
          </thead>
          <tbody>
            {props.callers.map((c) => (
              <tr data-client={c.client}>
                <td>
                  <code>{c.client}</code>
                  {name(c.client) ? <div>{name(c.client)}</div> : null}
                </td>
                <td>{c.calls}</td>
                <td>{formatInstant(c.lastCall)}</td>
                <td>
                  {c.services.map((s) => (
                    <div>
                      <code>{s.split('/').slice(3).join('/')}</code>
                    </div>
                  ))}
                </td>
                <td>
                  {Object.entries(c.statuses).map(([status, count]) => (
                    <span class={statusBadge(Number(status))}>{`${status} ×${count}`}</span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
