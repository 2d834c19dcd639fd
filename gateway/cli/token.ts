// `kopuro token`: an access token for an information system from its own gateway's token endpoint,
// with its key and endpoint given, or looked up in the sandbox file.
import { createPrivateKey, type JsonWebKey } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { JWK } from 'jose'
import { parseSubsystemId } from '../identifiers/index.js'
import { requestAccessToken, TokenRefusedError } from '../tokens/index.js'
import { isNetworkFailure, networkReason } from './cli-errors.js'
import { EXIT } from './exit-codes.js'

interface SandboxClient {
  id: string
  privateKeyFile: string
  tokenEndpoint: string
}

type Out = { log(s: string): void; error(s: string): void }

export interface TokenOptions {
  /** The client's private JWK file; with `endpoint`, the sandbox file is not read. */
  key?: string
  /** The token endpoint, `http://<listen host>:<consumer port>/token`. */
  endpoint?: string
  /** The sandbox description, used when neither `key` nor `endpoint` is given. */
  sandbox: string
}

/**
 * Prints the access token the client's gateway issues for a signed client assertion. Exit code 0,
 * 1 when the gateway refused (its error code printed), 2 when the options, the key file, the
 * sandbox file or the client are wrong or unknown, 3 when the gateway could not be reached.
 *
 * @example process.exitCode = await tokenCommand('KG/COM/10000003/kyc-app', { key: 'kyc.jwk.json', endpoint: 'http://127.0.0.30:5500/token', sandbox: '' }, console)
 */
export async function tokenCommand(
  subsystem: string,
  options: TokenOptions,
  out: Out,
): Promise<number> {
  if (options.key !== undefined || options.endpoint !== undefined) {
    if (options.key === undefined) return usage(out, '--endpoint needs --key <private key file>')
    if (options.endpoint === undefined) return usage(out, '--key needs --endpoint <token URL>')
    if (!parseSubsystemId(subsystem)) {
      return usage(out, '--client must be a subsystem id, INSTANCE/CLASS/CODE/SUBSYSTEM')
    }
    if (
      !/^https?:$/.test(URL.canParse(options.endpoint) ? new URL(options.endpoint).protocol : '')
    ) {
      return usage(out, '--endpoint must be an http(s) URL, e.g. http://127.0.0.30:5500/token')
    }
    return fetchToken(subsystem, options.key, '--key ', options.endpoint, out)
  }
  let clients: SandboxClient[]
  try {
    clients = (JSON.parse(await readFile(options.sandbox, 'utf8')) as { clients: SandboxClient[] })
      .clients
  } catch {
    return usage(
      out,
      `cannot read ${options.sandbox}: is the sandbox running (npm start)? ` +
        'Outside the sandbox give --key and --endpoint',
    )
  }
  const client = clients.find((c) => c.id === subsystem)
  if (!client) {
    return usage(out, `unknown client ${subsystem}; known: ${clients.map((c) => c.id).join(', ')}`)
  }
  return fetchToken(subsystem, client.privateKeyFile, '', client.tokenEndpoint, out)
}

function usage(out: Out, message: string): number {
  out.error(`token: ${message}`)
  return EXIT.USAGE
}

/** `flag` names where the key file came from in messages: `--key ` or nothing (sandbox). */
async function fetchToken(
  subsystem: string,
  keyFile: string,
  flag: string,
  tokenEndpoint: string,
  out: Out,
): Promise<number> {
  const privateJwk = await readClientKey(keyFile)
  if (typeof privateJwk === 'string') return usage(out, `${flag}${keyFile} ${privateJwk}`)
  try {
    const token = await requestAccessToken({ subsystem, privateJwk, tokenEndpoint })
    out.log(token.access_token)
    return EXIT.OK
  } catch (e) {
    if (isNetworkFailure(e)) {
      out.error(`token: cannot reach ${tokenEndpoint}: ${networkReason(e)}`)
      return EXIT.UNREACHABLE
    }
    if (e instanceof TokenRefusedError) {
      out.error(`token: refused by ${tokenEndpoint}: ${e.status} ${e.refusal ?? '(no error code)'}`)
      return EXIT.FAILED
    }
    out.error(`token: request refused: ${(e as Error).message}`)
    return EXIT.FAILED
  }
}

/** The client's private JWK, or why the file is none: a client key is private EC P-256 or Ed25519. */
async function readClientKey(file: string): Promise<JWK | string> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    return 'cannot be read'
  }
  let jwk: JWK
  try {
    jwk = JSON.parse(text) as JWK
  } catch {
    return 'is not JSON'
  }
  const ec = jwk?.kty === 'EC' && jwk.crv === 'P-256'
  const ed = jwk?.kty === 'OKP' && jwk.crv === 'Ed25519'
  const key = (ec || ed) && typeof jwk.d === 'string' && importable(jwk)
  return key ? jwk : 'is not a private EC P-256 or Ed25519 JWK'
}

function importable(jwk: JWK): boolean {
  try {
    createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' })
    return true
  } catch {
    return false
  }
}
