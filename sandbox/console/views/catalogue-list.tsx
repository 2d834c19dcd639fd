// The catalogue's list page: the verified directory's services and members, for developers.
import type { DirectoryDocument } from '../../../gateway/directory/index.js'
import { catalogueServices, classOf } from '../catalogue-entries.js'
import { Page } from '../layout.js'
import type { VerifiedDirectory } from '../signed-directory.js'
import { formatInstant } from '../time-format.js'
import { serviceHref } from './contract-page.js'

export function CataloguePage(props: { directory: VerifiedDirectory }) {
  const { document: doc } = props.directory
  return (
    <Page title="Service catalogue" active="/catalogue">
      <p class="lead">
        Every service published in the federation, from the directory the federation authority
        signed. Open a service for its OpenAPI contract and to send a real request through a
        client’s own gateway.
      </p>
      <DirectoryLine directory={props.directory} />
      <h2>Services</h2>
      <ServicesTable doc={doc} />
      <h2>Members and subsystems</h2>
      <MembersTable doc={doc} />
    </Page>
  )
}

function DirectoryLine(props: { directory: VerifiedDirectory }) {
  const { document: doc, source, url } = props.directory
  return (
    <p class="muted directory-line">
      Directory <strong>{doc.instance}</strong> serial <code>{doc.serial}</code>, issued{' '}
      {formatInstant(doc.issuedAt)}, verified against the trust anchor; read from the {source} (
      <code>{url}</code>
      ).
    </p>
  )
}

function ServicesTable(props: { doc: DirectoryDocument }) {
  return (
    <table class="services">
      <thead>
        <tr>
          <th>Service</th>
          <th>Provider</th>
          <th>Subsystem</th>
          <th>Contract</th>
        </tr>
      </thead>
      <tbody>
        {catalogueServices(props.doc).map((s) => (
          <tr data-service={s.entry.id}>
            <td>
              <strong>{s.entry.title}</strong>
              <br />
              <code>{s.entry.id}</code>
            </td>
            <td>
              {s.member?.name ?? 'unknown member'}{' '}
              <span class="badge class" title={s.memberClass.description}>
                {s.memberClass.code}
              </span>
            </td>
            <td>
              {s.subsystem?.name ?? s.subsystemId}
              <br />
              <code>{s.subsystemId}</code>
            </td>
            <td>
              <a href={serviceHref(s.entry.id)}>Contract and try-it</a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function MembersTable(props: { doc: DirectoryDocument }) {
  const providers = new Set(props.doc.services.map((s) => s.id.split('/', 4).join('/')))
  return (
    <table class="members">
      <thead>
        <tr>
          <th>Member</th>
          <th>Class</th>
          <th>Subsystems</th>
        </tr>
      </thead>
      <tbody>
        {props.doc.members.map((m) => {
          const memberClass = classOf(props.doc, m.id)
          return (
            <tr>
              <td>
                {m.name}
                <br />
                <code>{m.id}</code>
              </td>
              <td>
                <span class="badge class">{memberClass.code}</span>{' '}
                <span class="muted">{memberClass.description}</span>
              </td>
              <td>
                {m.subsystems.map((s) => (
                  <div>
                    <code>{s.code}</code> {s.name ?? ''}{' '}
                    {providers.has(`${m.id}/${s.code}`) ? (
                      <span class="badge ok">publishes</span>
                    ) : (
                      <span class="badge stopped">client</span>
                    )}
                  </div>
                ))}
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
