// The federation view's directory tables: the signed document at each source, and its members.
import type { DirectoryDocument } from '../../../gateway/directory/index.js'
import { formatDuration, formatInstant, relativeTo } from '../time-format.js'
import type { DirectoryReading } from '../signed-directory.js'

export function DirectoryTable(props: { readings: DirectoryReading[]; now: number }) {
  return (
    <>
      <table class="directory-sources">
        <thead>
          <tr>
            <th>Source</th>
            <th>Signature</th>
            <th>Serial</th>
            <th>Issued</th>
            <th>Age</th>
            <th>Expires</th>
          </tr>
        </thead>
        <tbody>
          {props.readings.map((r) => (
            <SourceRow reading={r} now={props.now} />
          ))}
        </tbody>
      </table>
      <SerialComparison readings={props.readings} />
    </>
  )
}

function SourceRow(props: { reading: DirectoryReading; now: number }) {
  const r = props.reading
  const name = r.ok ? r.directory.source : r.source
  const url = r.ok ? r.directory.url : r.url
  const label = (
    <td>
      {name}
      <br />
      <code class="muted">{url}</code>
    </td>
  )
  if (!r.ok) {
    return (
      <tr data-source={name} data-serial="">
        {label}
        <td>
          <span class="badge failed">unavailable</span>
          <div class="muted">{r.error}</div>
        </td>
        <td colspan={4}>—</td>
      </tr>
    )
  }
  const doc = r.directory.document
  const expired = Date.parse(doc.expiresAt) <= props.now
  return (
    <tr data-source={name} data-serial={String(doc.serial)}>
      {label}
      <td>
        <span class="badge ok">verified</span>
      </td>
      <td>
        <code class="serial">{doc.serial}</code>
      </td>
      <td class="nowrap">
        <time datetime={doc.issuedAt}>{formatInstant(doc.issuedAt)}</time>
      </td>
      <td class="nowrap">{formatDuration(props.now - Date.parse(doc.issuedAt))}</td>
      <td>
        <time datetime={doc.expiresAt}>{formatInstant(doc.expiresAt)}</time>{' '}
        <span class={`badge ${expired ? 'failed' : 'ok'}`}>
          {expired ? 'expired' : relativeTo(doc.expiresAt, props.now)}
        </span>
      </td>
    </tr>
  )
}

function SerialComparison(props: { readings: DirectoryReading[] }) {
  const serials = props.readings.map((r) => (r.ok ? r.directory.document.serial : undefined))
  const [authority, mirror] = serials
  if (authority === undefined || mirror === undefined) {
    return (
      <p class="notice error serial-comparison" data-same="false">
        Only one source could be compared: gateways fall back to the other while the cached copy
        stays valid.
      </p>
    )
  }
  if (authority === mirror) {
    return (
      <p class="notice ok serial-comparison" data-same="true">
        The authority and the mirror publish the same serial, <code>{authority}</code>.
      </p>
    )
  }
  return (
    <p class="notice error serial-comparison" data-same="false">
      The mirror holds serial <code>{mirror}</code>, the authority <code>{authority}</code>: a
      mirror catches up at its next poll, and a gateway never accepts a lower serial than it holds.
    </p>
  )
}

export function MembersTable(props: { doc: DirectoryDocument }) {
  const classes = new Map(props.doc.memberClasses.map((c) => [c.code, c.description]))
  return (
    <table class="members">
      <thead>
        <tr>
          <th>Member</th>
          <th>Name</th>
          <th>Class</th>
          <th>Subsystems</th>
          <th>Gateway nodes</th>
        </tr>
      </thead>
      <tbody>
        {props.doc.members.map((m) => {
          const code = m.id.split('/')[1] ?? ''
          return (
            <tr data-member={m.id}>
              <td>
                <code>{m.id}</code>
              </td>
              <td>{m.name}</td>
              <td>
                <span class="badge class" title={classes.get(code)}>
                  {code}
                </span>{' '}
                <span class="muted">{classes.get(code) ?? ''}</span>
              </td>
              <td>
                {m.subsystems.map((s) => (
                  <code class="subsystem">{`${s.code} `}</code>
                ))}
              </td>
              <td>
                {m.nodes.map((n) => (
                  <code class="node">{`${n.code} `}</code>
                ))}
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
