// The console's page frame: navigation between the five views, notices, one local stylesheet.
import type { Child } from 'hono/jsx'
import type { NoticeBoard } from './notices.js'

export const VIEWS = [
  { path: '/catalogue', label: 'Catalogue', who: 'developers' },
  { path: '/agency', label: 'Agency', who: 'service providers' },
  { path: '/auditor', label: 'Auditor', who: 'auditors' },
  { path: '/citizen', label: 'Citizen', who: 'citizens' },
  { path: '/federation', label: 'Federation', who: 'operators' },
] as const

export interface PageProps {
  title: string
  /** The view's path, to mark it in the navigation. */
  active?: string
  /** A one-line result of the last action (`?notice=<code>`, see notices.ts), with its kind. */
  notice?: { kind: 'ok' | 'error'; text: string }
  /** Extra elements for <head> (a view's own script or stylesheet, served locally). */
  head?: Child
  children?: Child
}

export function Page(props: PageProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · kopuro console`}</title>
        <link rel="stylesheet" href="/assets/console.css" />
        {props.head}
      </head>
      <body>
        <header class="top">
          <a class="brand" href="/">
            kopuro
          </a>
          <nav>
            {VIEWS.map((v) => (
              <a href={v.path} class={props.active === v.path ? 'active' : undefined}>
                {v.label}
              </a>
            ))}
          </nav>
        </header>
        <main>
          <h1>{props.title}</h1>
          {props.notice ? (
            <p class={`notice ${props.notice.kind}`} role="status">
              {props.notice.text}
            </p>
          ) : null}
          {props.children}
        </main>
      </body>
    </html>
  )
}

/** The notice named by `?notice=<code>`: one this console issued, or none at all. */
export function noticeFrom(board: NoticeBoard, url: string): PageProps['notice'] {
  const code = new URL(url).searchParams.get('notice')
  return code ? board.read(code) : undefined
}

/** Where to send the browser after a form post (post/redirect/get), with the result to show. */
export function noticeLocation(
  board: NoticeBoard,
  path: string,
  kind: 'ok' | 'error',
  text: string,
): string {
  const url = new URL(path, 'http://console')
  url.searchParams.set('notice', board.issue({ kind, text }))
  return `${url.pathname}${url.search}`
}
