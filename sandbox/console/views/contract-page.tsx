// One service of the catalogue: its facts, the try-it form (a real request through a client's own
// gateway), the answer, and the OpenAPI contract rendered by the locally served Swagger UI.
import type { DirectoryDocument } from '../../../gateway/directory/index.js'
import { memberOf } from '../../../gateway/identifiers/index.js'
import type { CallResult, SandboxDescription } from '../../sandbox-file.js'
import type { CatalogueService } from '../catalogue-entries.js'
import type { EndpointRule } from '../fetch-contract.js'
import { Page, type PageProps } from '../layout.js'
import { TRY_METHODS, type TryForm } from '../try-request.js'
import { TryResult } from './try-result.js'

export interface ContractPageProps {
  sandbox: SandboxDescription
  document: DirectoryDocument
  service: CatalogueService
  /** The client the contract and the grants are asked as. */
  clientId: string
  form: TryForm
  /** What `clientId` may call on this service (allowedMethods); undefined if unknown. */
  allowed?: EndpointRule[]
  notice?: PageProps['notice']
  answer?: { result: CallResult; elapsedMs: number; curl: string }
}

/** `/catalogue/service?id=KG/GOV/70000001/population/persons` (slashes kept readable). */
export function serviceHref(id: string, extra: Record<string, string> = {}): string {
  const query = [`id=${encodeURIComponent(id).replace(/%2F/g, '/')}`]
  for (const [k, v] of Object.entries(extra)) query.push(`${k}=${encodeURIComponent(v)}`)
  return `/catalogue/service?${query.join('&')}`
}

export function contractHref(id: string, clientId: string): string {
  return serviceHref(id, { client: clientId }).replace(
    '/catalogue/service?',
    '/catalogue/contract?',
  )
}

export function ContractPage(props: ContractPageProps) {
  const { service } = props
  const id = service.entry.id
  return (
    <Page
      title={service.entry.title}
      active="/catalogue"
      notice={props.notice}
      head={
        <>
          <link rel="stylesheet" href="/assets/swagger-ui/swagger-ui.css" />
          <script defer src="/assets/swagger-ui/swagger-ui-bundle.js"></script>
          <script defer src="/assets/contract-page.js"></script>
        </>
      }
    >
      <p>
        <a href="/catalogue">← All services</a>
      </p>
      <ServiceFacts service={service} />
      <section class="panel" aria-label="Try it">
        <h2>Try it through a client’s own gateway</h2>
        <p class="muted">
          The console acts as the chosen information system: it gets an access token from that
          client’s gateway and sends the request to <code>/r1/{id}</code> there. The consumer
          gateway signs it, the provider’s gateway checks the access rights and signs the answer,
          and both log the exchange.
        </p>
        <AllowedEndpoints clientId={props.clientId} allowed={props.allowed} />
        <TryFormView {...props} />
      </section>
      {props.answer ? <TryResult {...props.answer} /> : null}
      <section aria-label="Contract">
        <h2>Contract</h2>
        <p class="muted">
          As the provider’s gateway publishes it (X-Road’s <code>getOpenAPI</code> metaservice,
          asked as <code>{props.clientId}</code>). Paths are relative to <code>/r1/{id}</code>.{' '}
          <a href={contractHref(id, props.clientId)}>Contract JSON</a>
        </p>
        <div id="swagger-ui" data-contract-url={contractHref(id, props.clientId)}>
          <p class="muted">Loading the contract…</p>
        </div>
      </section>
    </Page>
  )
}

function ServiceFacts(props: { service: CatalogueService }) {
  const { service } = props
  return (
    <dl class="facts panel">
      <dt>Service</dt>
      <dd>
        <code>{service.entry.id}</code>
      </dd>
      <dt>Provider</dt>
      <dd>
        {service.member?.name ?? 'not in the directory'} <code>{memberOf(service.entry.id)}</code>{' '}
        <span class="badge class" title={service.memberClass.description}>
          {service.memberClass.code}
        </span>
      </dd>
      <dt>Subsystem</dt>
      <dd>
        {service.subsystem?.name ?? service.subsystemId} <code>{service.subsystemId}</code>
      </dd>
      {service.entry.contractDigest ? (
        <>
          <dt>Contract digest</dt>
          <dd>
            <code>{service.entry.contractDigest}</code>
          </dd>
        </>
      ) : null}
    </dl>
  )
}

function AllowedEndpoints(props: { clientId: string; allowed?: EndpointRule[] }) {
  if (!props.allowed) return null
  return (
    <p class="allowed">
      Granted to <code>{props.clientId}</code> (allowedMethods):{' '}
      {props.allowed.length === 0 ? (
        <span class="badge stopped">nothing</span>
      ) : (
        props.allowed.map((e) => <code class="endpoint">{`${e.method} ${e.path}`}</code>)
      )}
    </p>
  )
}

function TryFormView(props: ContractPageProps) {
  const { form } = props
  const names = new Map(props.document.members.map((m) => [m.id, m.name]))
  return (
    <form
      class="stacked"
      method="post"
      action={`${serviceHref(props.service.entry.id)}#result`}
      id="try-form"
    >
      <label for="try-client">Client subsystem</label>
      <select id="try-client" name="client">
        {props.sandbox.clients.map((c) => (
          <option value={c.id} selected={c.id === form.client}>
            {`${c.id} — ${names.get(memberOf(c.id)) ?? 'unknown member'}`}
          </option>
        ))}
      </select>
      <label for="try-method">Method</label>
      <select id="try-method" name="method">
        {TRY_METHODS.map((m) => (
          <option value={m} selected={m === form.method}>
            {m}
          </option>
        ))}
      </select>
      <label for="try-path">Path</label>
      <div class="path-input">
        <span class="prefix" title={`/r1/${props.service.entry.id}`}>
          /r1/{props.service.entry.id}
        </span>
        <input id="try-path" name="path" type="text" value={form.path} placeholder="/…" />
      </div>
      <label for="try-body">JSON body</label>
      <textarea id="try-body" name="body" placeholder='{"…": "…"} (not for GET)'>
        {form.body}
      </textarea>
      <label for="try-userid">X-Road-UserId</label>
      <input
        id="try-userid"
        name="userId"
        type="text"
        value={form.userId}
        placeholder="optional: the person the system acts for"
      />
      <label for="try-issue">X-Road-Issue</label>
      <input
        id="try-issue"
        name="issue"
        type="text"
        value={form.issue}
        placeholder="optional: the case or document behind the request"
      />
      <div class="actions">
        <button type="submit">Send through the client’s gateway</button>
      </div>
    </form>
  )
}
