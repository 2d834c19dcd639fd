// The answer to a try-it request: status, the gateways' signed headers, the body and the curl line.
import { STATUS_CODES } from 'node:http'
import type { CallResult } from '../../sandbox-file.js'

/** Added by the gateways (X-Road REST headers, RFC 9530 digest, RFC 9421 signature), in order. */
export const GATEWAY_HEADERS = [
  'x-road-error',
  'x-road-id',
  'x-road-client',
  'x-road-service',
  'x-road-request-id',
  'x-road-request-hash',
  'content-digest',
  'signature-input',
  'signature',
]

const DISPLAY_NAMES: Record<string, string> = {
  'x-road-userid': 'X-Road-UserId',
  ratelimit: 'RateLimit',
  'ratelimit-policy': 'RateLimit-Policy',
}

const MAX_SHOWN_BODY = 200_000

/** `x-road-request-hash` → `X-Road-Request-Hash`. */
export function displayHeaderName(name: string): string {
  if (Object.hasOwn(DISPLAY_NAMES, name)) return DISPLAY_NAMES[name]!
  return name
    .split('-')
    .map((part) => (part === 'road' ? 'Road' : part.charAt(0).toUpperCase() + part.slice(1)))
    .join('-')
}

/** Hop-by-hop: about the console's own connection to the gateway, not the exchange. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding'])

/** Gateway headers first, in protocol order, then the rest alphabetically; hop-by-hop left out. */
export function orderedHeaders(headers: Record<string, string>): [string, string][] {
  const entries = Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name))
  const rank = (name: string) => {
    const i = GATEWAY_HEADERS.indexOf(name)
    return i === -1 ? GATEWAY_HEADERS.length : i
  }
  return entries.sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
}

/** JSON pretty-printed; other text as it came, cut at a size a page can hold. */
export function prettyBody(result: CallResult): string {
  const text = result.json !== undefined ? JSON.stringify(result.json, null, 2) : result.body
  return text.length > MAX_SHOWN_BODY ? `${text.slice(0, MAX_SHOWN_BODY)}\n…` : text
}

function xRoadMessage(result: CallResult): string | undefined {
  const body = result.json as { message?: unknown } | undefined
  return typeof body?.message === 'string' ? body.message : undefined
}

export function TryResult(props: { result: CallResult; elapsedMs: number; curl: string }) {
  const { result } = props
  const ok = result.status >= 200 && result.status < 300
  const error = result.headers['x-road-error']
  return (
    <section class="panel result" id="result" aria-label="Answer">
      <h2>Answer</h2>
      <p class="status-line">
        <span class={`badge ${ok ? 'ok' : 'failed'}`} data-status={String(result.status)}>
          <span class="status">{result.status}</span> {STATUS_CODES[result.status] ?? ''}
        </span>
        <span class="muted">in {Math.round(props.elapsedMs)} ms</span>
      </p>
      {error ? (
        <p class="notice error" role="status">
          The gateway refused: <code class="xroad-error">{error}</code>
          {xRoadMessage(result) ? ` — ${xRoadMessage(result)}` : ''}
        </p>
      ) : null}
      <h3>Response headers</h3>
      <p class="muted">
        Bold: added by the gateways — the X-Road headers, the body digest (RFC 9530) and the
        provider gateway’s signature (RFC 9421), which covers the status, the digest, X-Road-Id,
        X-Road-Request-Hash and the request’s own signature.
      </p>
      <table class="headers">
        <tbody>
          {orderedHeaders(result.headers).map(([name, value]) => (
            <tr class={GATEWAY_HEADERS.includes(name) ? 'signed' : undefined}>
              <td>{displayHeaderName(name)}</td>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Body</h3>
      <pre class="body">{prettyBody(result) || '(empty)'}</pre>
      <h3>The same request from a shell</h3>
      <pre class="curl">{props.curl}</pre>
    </section>
  )
}
