// The agency view: an agency's services, their state and notices, access rights and callers.
import type { Context, Hono } from 'hono'
import type { SandboxMember } from '../../sandbox-file.js'
import type { ConsoleContext } from '../context.js'
import type { NoticeBoard } from '../notices.js'
import { Page, noticeFrom, noticeLocation, type PageProps } from '../layout.js'
import { AGENCY_ACTIONS, type AgencyAction } from './agency-actions.js'
import { agencyOf, loadAgency, subsystemsOf, type Agency, type AgencyData } from './agency-data.js'
import {
  CallersSection,
  GrantsSection,
  PublishSection,
  ServicesSection,
} from './agency-sections.js'
import { field, nodeName } from './view-format.js'
import { readForm } from '../read-form.js'

/**
 * Mounts `GET /agency?member=…` and `POST /agency/{grant,revoke,disable,enable,publish}`: each
 * action goes to every gateway node of the agency, since each node holds its own policy.
 */
export function mountAgencyView(app: Hono, ctx: ConsoleContext, notices: NoticeBoard): void {
  app.get('/agency', async (c) => {
    const notice = noticeFrom(notices, c.req.url)
    const agencies = (await ctx.sandbox()).members.filter((m) => m.services.length > 0)
    const memberId = c.req.query('member')
    if (memberId === undefined || memberId === '') {
      return c.html(<AgencyPage agencies={agencies} notice={notice} />)
    }
    const agency = await agencyOf(ctx, memberId)
    if ('reason' in agency) {
      const error = { kind: 'error' as const, text: agency.reason }
      return c.html(<AgencyPage agencies={agencies} notice={error} />, 404)
    }
    const view = await loadAgency(ctx, agency)
    return c.html(
      <AgencyPage agencies={agencies} notice={notice} agency={agency.member}>
        <AgencyBody agency={agency} view={view} />
      </AgencyPage>,
    )
  })
  for (const [name, action] of Object.entries(AGENCY_ACTIONS)) {
    app.post(`/agency/${name}`, (c) => act(c, ctx, notices, action))
  }
}

/** Post/redirect/get: run the action for the form's agency, then show its notice on the page. */
async function act(
  c: Context,
  ctx: ConsoleContext,
  notices: NoticeBoard,
  action: AgencyAction,
): Promise<Response> {
  const form: Record<string, unknown> = await readForm(c)
  const agency = await agencyOf(ctx, field(form, 'member'))
  if ('reason' in agency)
    return c.redirect(noticeLocation(notices, '/agency', 'error', agency.reason), 303)
  const notice = await action(ctx, agency, form)
  const back = `/agency?member=${encodeURIComponent(agency.member.id)}`
  return c.redirect(noticeLocation(notices, back, notice.kind, notice.text), 303)
}

function AgencyPage(props: {
  agencies: SandboxMember[]
  notice: PageProps['notice']
  agency?: SandboxMember
  children?: PageProps['children']
}) {
  return (
    <Page
      title={props.agency ? `Agency: ${props.agency.name}` : 'Agency'}
      active="/agency"
      notice={props.notice}
    >
      <form method="get" action="/agency" class="chooser">
        <label>
          agency{' '}
          <select name="member">
            {props.agencies.map((m) => (
              <option value={m.id} selected={props.agency?.id === m.id}>
                {`${m.name} (${m.id})`}
              </option>
            ))}
          </select>
        </label>{' '}
        <button type="submit">Open</button>
      </form>
      {props.children}
    </Page>
  )
}

function AgencyBody(props: { agency: Agency; view: AgencyData }) {
  const { member, nodes } = props.agency
  const { view } = props
  const names = nodes.map((n) => nodeName(n.node)).join(', ')
  const scope = view.complete ? '' : ' (the oldest records only: the log is longer than one scan)'
  return (
    <div>
      <p class="nodes">
        <code>{member.id}</code> runs {nodes.length}{' '}
        {nodes.length === 1 ? 'gateway node' : 'gateway nodes'} ({names}).{' '}
        {nodes.length > 1
          ? 'Each node holds its own policy: every change here is applied to every node.'
          : 'Changes here are applied to that node.'}
      </p>
      {view.problems.length > 0 ? <p class="notice error">{view.problems.join(' ')}</p> : null}
      <ServicesSection member={member.id} services={view.services} />
      <GrantsSection
        member={member.id}
        grants={view.grants}
        clients={view.clients}
        services={view.services.map((s) => s.id)}
        nodeCount={nodes.length}
      />
      <CallersSection
        callers={view.callers}
        members={view.members}
        scope={`Provider-side exchanges in the message log of ${names}${scope}.`}
      />
      <PublishSection member={member.id} subsystems={subsystemsOf(member)} />
    </div>
  )
}
