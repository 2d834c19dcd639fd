// The agency view's actions, each sent to every node of the agency and summed up as one notice.
import type { ConsoleContext } from '../context.js'
import type { PageProps } from '../layout.js'
import { grantsOf, sameGrant, subsystemsOf, type Agency } from './agency-data.js'
import {
  parseEndpoints,
  parseGrantJson,
  parsePublicationForm,
  type GrantBody,
} from './agency-forms.js'
import { onEveryNode, outcomeNotice } from './node-actions.js'
import { field } from './view-format.js'

export type Notice = NonNullable<PageProps['notice']>
export type AgencyAction = (
  ctx: ConsoleContext,
  agency: Agency,
  form: Record<string, unknown>,
) => Promise<Notice>

const grant: AgencyAction = async (ctx, agency, form) => {
  const endpoints = parseEndpoints(field(form, 'endpoints'))
  if (!endpoints.ok) return { kind: 'error', text: endpoints.reason }
  const body: GrantBody = { subject: field(form, 'subject'), service: field(form, 'service') }
  if (endpoints.value) body.endpoints = endpoints.value
  const outcomes = await onEveryNode(ctx, agency.nodes, '/admin/grants', body)
  return outcomeNotice(`Granted ${describeGrant(body)}`, outcomes)
}

/** Revoked where it is held: a node without the grant has nothing to revoke. */
const revoke: AgencyAction = async (ctx, agency, form) => {
  const parsed = parseGrantJson(field(form, 'grant'))
  if (!parsed.ok) return { kind: 'error', text: parsed.reason }
  const { held } = await grantsOf(ctx, agency.nodes)
  const holders = agency.nodes.filter((n) =>
    held.some((h) => sameGrant(h.grant, parsed.value) && h.nodes.includes(n.node)),
  )
  if (holders.length === 0) return { kind: 'error', text: 'No node holds this grant.' }
  const outcomes = await onEveryNode(ctx, holders, '/admin/grants/revoke', parsed.value)
  return outcomeNotice(`Revoked ${describeGrant(parsed.value)}`, outcomes)
}

const disable: AgencyAction = async (ctx, agency, form) => {
  const service = field(form, 'service')
  const notice = field(form, 'notice')
  if (notice === '') return { kind: 'error', text: 'A notice tells callers why: write one.' }
  const body = { service, notice }
  const outcomes = await onEveryNode(ctx, agency.nodes, '/admin/services/disable', body)
  return outcomeNotice(`Disabled ${service} with the notice “${notice}”`, outcomes)
}

const enable: AgencyAction = async (ctx, agency, form) => {
  const service = field(form, 'service')
  const outcomes = await onEveryNode(ctx, agency.nodes, '/admin/services/enable', { service })
  return outcomeNotice(`Enabled ${service}`, outcomes)
}

const publish: AgencyAction = async (ctx, agency, form) => {
  const subsystem = field(form, 'subsystem')
  if (!subsystemsOf(agency.member).includes(subsystem)) {
    return { kind: 'error', text: 'Choose one of the agency’s subsystems.' }
  }
  const publication = parsePublicationForm({
    subsystem,
    code: field(form, 'code'),
    url: field(form, 'url'),
    title: field(form, 'title'),
    contract: field(form, 'contract'),
  })
  if (!publication.ok) return { kind: 'error', text: publication.reason }
  const path = '/admin/services/publish'
  const outcomes = await onEveryNode(ctx, agency.nodes, path, publication.value)
  return outcomeNotice(`Published ${publication.value.id}`, outcomes)
}

/** `POST /agency/{name}` for each. */
export const AGENCY_ACTIONS: Record<string, AgencyAction> = {
  grant,
  revoke,
  disable,
  enable,
  publish,
}

function describeGrant(g: GrantBody): string {
  const what = g.endpoints ? g.endpoints.map((e) => `${e.method} ${e.path}`).join(', ') : 'all'
  return `${g.subject} ${what} on ${g.service}`
}
