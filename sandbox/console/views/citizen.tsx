// The citizen view: a mock eID login, then who used the person's data, when and why.
import type { Hono } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { isPin } from '../../../gateway/tracker/index.js'
import type { SandboxMember } from '../../sandbox-file.js'
import type { ConsoleContext } from '../context.js'
import type { NoticeBoard } from '../notices.js'
import { formatInstant } from '../time-format.js'
import { Page, noticeFrom, noticeLocation, type PageProps } from '../layout.js'
import { findPersonUsages, PORTAL_CLIENT, type PersonUsages } from './find-usages.js'
import { field, memberOfId } from './view-format.js'
import { readForm } from '../read-form.js'

/** The mock session: the PIN itself, in a cookie only this view reads. */
const COOKIE = 'kopuro_citizen_pin'

/** Mounts `GET /citizen`, `POST /citizen/login` and `POST /citizen/logout`. */
export function mountCitizenView(app: Hono, ctx: ConsoleContext, notices: NoticeBoard): void {
  app.get('/citizen', async (c) => {
    const notice = noticeFrom(notices, c.req.url)
    const pin = getCookie(c, COOKIE)
    if (pin === undefined || !isPin(pin)) {
      return c.html(
        <CitizenPage notice={notice}>
          <LoginForm demoPin={(await ctx.sandbox()).demoPin} />
        </CitizenPage>,
      )
    }
    const [sandbox, found] = await Promise.all([
      ctx.sandbox(),
      findPersonUsages(ctx, pin).catch((e: Error) => e),
    ])
    if (found instanceof Error) {
      const error = { kind: 'error' as const, text: `The portal could not ask: ${found.message}` }
      return c.html(
        <CitizenPage notice={error}>
          <SignedIn pin={pin} />
        </CitizenPage>,
        502,
      )
    }
    return c.html(
      <CitizenPage notice={notice}>
        <SignedIn pin={pin} />
        <UsageTable found={found} members={sandbox.members} />
      </CitizenPage>,
    )
  })
  app.post('/citizen/login', async (c) => {
    const form: Record<string, unknown> = await readForm(c)
    const pin = field(form, 'pin')
    if (!isPin(pin)) {
      const text = 'That is not a personal code: 14 digits, starting with 1 or 2.'
      return c.redirect(noticeLocation(notices, '/citizen', 'error', text), 303)
    }
    setCookie(c, COOKIE, pin, { path: '/citizen', httpOnly: true, sameSite: 'Strict' })
    return c.redirect(
      noticeLocation(notices, '/citizen', 'ok', 'Signed in with the mock eID.'),
      303,
    )
  })
  app.post('/citizen/logout', (c) => {
    deleteCookie(c, COOKIE, { path: '/citizen' })
    return c.redirect(noticeLocation(notices, '/citizen', 'ok', 'Signed out.'), 303)
  })
}

function CitizenPage(props: { notice: PageProps['notice']; children?: PageProps['children'] }) {
  return (
    <Page title="Citizen: who used my data" active="/citizen" notice={props.notice}>
      <p>
        Every provider gateway keeps a data tracker: who read a person’s data, when and why. The
        state portal (<code>{PORTAL_CLIENT}</code>) asks each of them on the person’s behalf.
      </p>
      {props.children}
    </Page>
  )
}

function LoginForm(props: { demoPin: string }) {
  return (
    <form method="post" action="/citizen/login" class="login">
      <fieldset>
        <legend>Sign in (mock eID)</legend>
        <p class="mock">
          This is a mock: there is no real authentication, the sandbox simply believes the personal
          code you type. The demo citizen is <code>{props.demoPin}</code>.
        </p>
        <label>
          personal code (PIN){' '}
          <input name="pin" required inputmode="numeric" autocomplete="off" size={16} />
        </label>{' '}
        <button type="submit">Sign in</button>
      </fieldset>
    </form>
  )
}

function SignedIn(props: { pin: string }) {
  return (
    <form method="post" action="/citizen/logout" class="session">
      <p>
        Signed in as <code>{props.pin}</code> <span class="badge">mock eID</span>{' '}
        <button type="submit">Sign out</button>
      </p>
    </form>
  )
}

function UsageTable(props: { found: PersonUsages; members: SandboxMember[] }) {
  const { usages, unavailable, asked } = props.found
  const memberByCode = (code: string) => {
    const matches = props.members.filter((m) => m.id.endsWith(`/${code}`))
    return matches.length === 1 ? matches[0] : undefined
  }
  const registry = (provider: string) => props.members.find((m) => m.id === memberOfId(provider))
  return (
    <section id="usages">
      <p>
        {`${usages.length} ${usages.length === 1 ? 'use' : 'uses'} of your data, reported by `}
        {`${asked.length - unavailable.length} of ${asked.length} registries.`}
      </p>
      {unavailable.length > 0 ? (
        <ul class="unavailable">
          {unavailable.map((u) => (
            <li>
              <span class="badge failed">unavailable</span> <code>{u.provider}</code>: {u.reason}
            </li>
          ))}
        </ul>
      ) : null}
      {usages.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th>when</th>
              <th>who</th>
              <th>what and why</th>
              <th>registry</th>
            </tr>
          </thead>
          <tbody>
            {usages.map((u) => {
              const receiver = memberByCode(u.receiverCode)
              return (
                <tr data-receiver={receiver?.id ?? u.receiverCode}>
                  <td>{formatInstant(u.logtime)}</td>
                  <td>
                    <strong>{u.receiverName ?? receiver?.name ?? u.receiverCode}</strong>
                    <div>
                      <code>{receiver?.id ?? u.receiverCode}</code> · system{' '}
                      <code>{u.receiverSystem}</code>
                    </div>
                  </td>
                  <td>{u.action}</td>
                  <td>
                    {registry(u.provider)?.name ?? ''}
                    <div>
                      <code>{u.provider}</code>
                    </div>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      ) : (
        <p>No one has used your data yet, as far as the answering registries know.</p>
      )}
    </section>
  )
}
