// The shell commands that send the same request as the try-it form: a token, then curl.
import { resolve } from 'node:path'
import { DEFAULT_SANDBOX_FILE } from '../sandbox-file.js'
import type { TryRequest } from './try-request.js'

export interface CurlCommandOptions {
  request: TryRequest
  serviceId: string
  /** The client's own gateway (consumer listener). */
  consumerUrl: string
  /** The sandbox file the console reads; named in the token command unless it is the default. */
  sandboxFile?: string
}

/** POSIX single-quoting: safe for any text, including quotes and `$`. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_\-./:=@%+,]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`
}

/**
 * Two lines a developer can paste: `npx kopuro token …` into `$T`, then `curl -i …` through the
 * client's gateway with the same method, headers and body.
 *
 * @example curlCommand({ request, serviceId, consumerUrl: 'http://127.0.0.1:4771' })
 */
export function curlCommand(options: CurlCommandOptions): string {
  const { request } = options
  const token = ['npx', 'kopuro', 'token', '--client', shellQuote(request.clientId)]
  const file = options.sandboxFile
  if (file && resolve(file) !== resolve(DEFAULT_SANDBOX_FILE)) {
    token.push('--sandbox', shellQuote(file))
  }
  const args: string[] = ['curl -i']
  if (request.method !== 'GET') args.push(`-X ${request.method}`)
  args.push('-H "Authorization: Bearer $T"')
  args.push(`-H ${shellQuote(`X-Road-Client: ${request.clientId}`)}`)
  if (request.userId) args.push(`-H ${shellQuote(`X-Road-UserId: ${request.userId}`)}`)
  if (request.issue) args.push(`-H ${shellQuote(`X-Road-Issue: ${request.issue}`)}`)
  if (request.body !== undefined) {
    args.push(`-H 'Content-Type: application/json'`)
    args.push(`--data ${shellQuote(request.body)}`)
  }
  args.push(shellQuote(`${options.consumerUrl}/r1/${options.serviceId}${request.path}`))
  return `T=$(${token.join(' ')})\n${args.join(' \\\n  ')}`
}
