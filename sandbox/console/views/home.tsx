// The console's home page: what the sandbox is, and where each user group starts.
import { Page, VIEWS } from '../layout.js'

const WHAT_FOR: Record<(typeof VIEWS)[number]['path'], string> = {
  '/catalogue':
    'Browse the services in the signed directory, read their OpenAPI contracts and send real requests as one of the sandbox’s information systems.',
  '/agency':
    'Publish services and decide who may call what: access rights are the provider’s, per subsystem and endpoint.',
  '/auditor':
    'Query both ends’ tamper-evident message logs and check an exchange’s signed evidence.',
  '/citizen': 'See who read a person’s data, when and for which purpose (the data tracker).',
  '/federation':
    'Check members, every gateway node’s health and the directory at the authority and the mirror.',
}

export function HomePage(props: { demoPin?: string }) {
  return (
    <Page title="One federation, equal access">
      <p class="lead">
        Every organisation in this sandbox runs its own gateway. Information systems call public
        registries through their own gateway; every request and every answer is signed, bound to
        each other and written to a tamper-evident log at both ends. The same rules apply to an
        agency, a bank and a civic group.
      </p>
      <ul class="cards">
        {VIEWS.map((v) => (
          <li>
            <a href={v.path}>{v.label}</a> <span class="muted">for {v.who}</span>
            <p>{WHAT_FOR[v.path]}</p>
          </li>
        ))}
      </ul>
      <h2>Start here</h2>
      <p>
        Open the{' '}
        <a href="/catalogue/service?id=KG/GOV/70000001/population/persons">
          population register’s persons service
        </a>
        , pick the bank’s <code>KG/COM/10000001/kyc-app</code> and ask for the demo citizen{' '}
        {props.demoPin ? <code>{props.demoPin}</code> : null}: the answer carries the provider
        gateway’s signature. Ask the vehicles register as the same bank and its gateway refuses with{' '}
        <code>server.serverproxy.access_denied</code>.
      </p>
    </Page>
  )
}
