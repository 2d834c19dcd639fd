// Plain node:http requests that keep the path exactly as written (fetch would normalise `..`).
import { request } from 'node:http'

export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

export function rawRequest(
  baseUrl: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array } = {},
): Promise<RawResponse> {
  const url = new URL(baseUrl)
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        )
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

/** The X-Road error code and the parsed error body of a gateway response. */
export function xroadError(res: RawResponse): {
  code: string | undefined
  body: { type?: string; detail?: string }
} {
  const code = res.headers['x-road-error']
  let body = {}
  try {
    body = JSON.parse(res.body) as object
  } catch {
    // Not JSON: leave the body empty, the assertion on `code` will say what went wrong.
  }
  return { code: typeof code === 'string' ? code : undefined, body }
}
