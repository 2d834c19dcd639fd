// `kopuro audit verify <dir>`: checks a message log offline and prints a one-line verdict.
import { readFile, stat } from 'node:fs/promises'
import type { JWK } from 'jose'
import { publicLogKey, verifyAuditLog } from '../audit/index.js'
import type { VerifyLogResult } from '../audit/index.js'
import { isNetworkFailure, networkReason } from './cli-errors.js'
import { EXIT } from './exit-codes.js'
import { MAX_SMALL_ANSWER_BYTES, readAnswerText } from './read-answer.js'

export interface AuditVerifyOptions {
  /** A witness's signed head: a file or an http(s) URL (e.g. the authority's GET /witness/…). */
  head?: string
  /** The log public key, a JWK file. */
  logKey?: string
  /** For fetching `head` from a URL (test seam). */
  fetch?: typeof fetch
}

interface Out {
  log(s: string): void
  error(s: string): void
}

/**
 * Verifies the whole log in `dir`: hash chain, signed checkpoints and their Merkle roots, and
 * (with `head`) that the log still holds what a witness saw. Exit code 0: intact; 1: damaged
 * (the first bad record is named); 2: the log, the head or the key could not be read; 3: the
 * witness given by URL could not be reached.
 *
 * @example
 * process.exitCode = await auditVerifyCommand('.kopuro/audit/gw1', console, { head: url })
 */
export async function auditVerifyCommand(
  dir: string,
  out: Out,
  options: AuditVerifyOptions = {},
): Promise<number> {
  if (!(await isDirectory(dir))) {
    out.error(`audit verify: ${dir} is not a directory`)
    return EXIT.USAGE
  }
  let result: VerifyLogResult
  try {
    const logKey = options.logKey === undefined ? undefined : await readLogKey(options.logKey)
    const witnessHead = options.head === undefined ? undefined : await readHead(options)
    result = await verifyAuditLog(dir, { logKey, witnessHead })
  } catch (error) {
    if (isNetworkFailure(error)) {
      out.error(`audit verify: cannot reach the witness: ${networkReason(error)}`)
      return EXIT.UNREACHABLE
    }
    out.error(`audit verify: ${(error as Error).message}`)
    return EXIT.USAGE
  }
  if (result.quarantined.length > 0) {
    out.log(`note: torn writes kept in quarantine: ${result.quarantined.join(', ')}`)
  }
  if (result.ok) {
    out.log(verdict(result))
    return EXIT.OK
  }
  const { segment, line, seq, kind, message } = result.failure
  const record = seq === undefined ? '' : ` (seq ${seq})`
  out.error(`FAILED at ${segment} line ${line}${record}: ${kind} — ${message}`)
  return EXIT.FAILED
}

function verdict(result: Extract<VerifyLogResult, { ok: true }>): string {
  const parts = [`ok: ${result.records} ${result.records === 1 ? 'record' : 'records'} verified`]
  if (result.firstSeq !== undefined) parts.push(`from seq ${result.firstSeq} (retention)`)
  if (result.checkpoints > 0) {
    const unchecked = result.unchecked > 0 ? `, ${result.unchecked} before retention` : ''
    parts.push(
      `${result.checkpoints} checkpoint${result.checkpoints === 1 ? '' : 's'} of log ${result.logId}${unchecked}`,
    )
  }
  if (result.witness !== undefined) parts.push(`witness head at ${result.witness} records matches`)
  return parts.join('; ')
}

/** The public members of the log key; a private key file works too (its secret is dropped). */
async function readLogKey(file: string): Promise<JWK> {
  let jwk: JWK
  try {
    jwk = JSON.parse(await readFile(file, 'utf8')) as JWK
  } catch (cause) {
    throw new Error(`could not read the log key ${file}`, { cause })
  }
  if (jwk?.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
    throw new Error(`${file} is not an Ed25519 JWK`)
  }
  return publicLogKey(jwk)
}

/** The head as the witness serves it (JSON with `head`) or as a bare compact JWS. */
async function readHead(options: AuditVerifyOptions): Promise<string> {
  const source = options.head!
  let text: string
  if (/^https?:\/\//i.test(source)) {
    const res = await (options.fetch ?? fetch)(source, { headers: { accept: 'application/json' } })
    if (res.status !== 200) throw new Error(`the witness answered ${res.status} for ${source}`)
    text = await readAnswerText(res, MAX_SMALL_ANSWER_BYTES)
  } else {
    text = await readFile(source, 'utf8').catch((cause: unknown) => {
      throw new Error(`could not read the head ${source}`, { cause })
    })
  }
  const trimmed = text.trim()
  if (!trimmed.startsWith('{')) return trimmed
  const head = (JSON.parse(trimmed) as { head?: unknown }).head
  if (typeof head !== 'string') throw new Error('the head document has no `head` member')
  return head
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory()
  } catch {
    return false
  }
}
