// `kopuro audit evidence`: one exchange's evidence bundle from a gateway, or the list to choose from.
import { replaceFile } from '../lib/durable-file.js'
import { PRIVATE_FILE_MODE } from '../lib/private-files.js'
import { adminRequest } from './admin-request.js'
import { resolveAdminTarget, type AdminTargetOptions } from './admin-target.js'
import { CliUsageError, reportErrors } from './cli-errors.js'
import { EXIT } from './exit-codes.js'
import { readAnswerJson, readAnswerText } from './read-answer.js'
import { formatTable } from './text-table.js'

export interface AuditEvidenceOptions extends AdminTargetOptions {
  /** The exchange's X-Road-Request-Id: picks one of several exchanges sharing the X-Road-Id. */
  requestId?: string
  side?: 'consumer' | 'provider'
  /** The record's seq, for a peer that sent one request id twice. */
  seq?: number
  /** The file to write the bundle to (owner-only); standard output when absent. */
  out?: string
  /** Test seams. */
  fetch?: typeof fetch
  stdout?: NodeJS.WritableStream
}

type Out = { log(s: string): void; error(s: string): void }

/** One match of an ambiguous lookup as the gateway lists it (docs/protocol.md §7). */
interface Match {
  seq?: unknown
  side?: unknown
  requestId?: unknown
  time?: unknown
  client?: unknown
  service?: unknown
  status?: unknown
}

const HEADERS = ['SEQ', 'SIDE', 'REQUEST-ID', 'TIME', 'CLIENT', 'SERVICE', 'STATUS']

/**
 * Fetches the evidence bundle of the one exchange `xRoadId` (with `--request-id`, `--side`,
 * `--seq`) names and writes it to `--out` or standard output. An X-Road-Id may be reused: when it
 * names several exchanges, nothing is written; the matches are printed as a table, each with the
 * request id that picks it, and the exit code is 1. Exit codes otherwise as `audit query`.
 *
 * @example process.exitCode = await auditEvidenceCommand('loan-7', { node, sandbox, requestId }, console)
 */
export async function auditEvidenceCommand(
  xRoadId: string,
  options: AuditEvidenceOptions,
  out: Out,
): Promise<number> {
  return reportErrors('audit evidence', out, async () => {
    const target = await resolveAdminTarget(options, 'auditor')
    const res = await adminRequest(target, evidencePath(xRoadId, options), {
      fetch: options.fetch,
      accept: [300],
    })
    if (res.status === 300) return listMatches(xRoadId, await readAnswerJson(res), out)
    const text = await readAnswerText(res)
    const bundle = parsedBundle(text)
    if (options.out === undefined) {
      await writeStream(options.stdout ?? process.stdout, `${text}\n`)
      return EXIT.OK
    }
    await writePrivateFile(options.out, `${text}\n`)
    const { side, requestId, seq } = bundle.record
    out.log(
      `wrote the ${side} record ${seq} (request ${requestId}) with its proof to ${options.out}`,
    )
    return EXIT.OK
  })
}

/**
 * `/audit/evidence/{x-road-id}` with the further ids as parameters.
 *
 * @example evidencePath('loan-7', { requestId: 'e4a1…', side: 'consumer' })
 */
export function evidencePath(
  xRoadId: string,
  options: Pick<AuditEvidenceOptions, 'requestId' | 'side' | 'seq'>,
): string {
  const params = new URLSearchParams()
  if (options.requestId !== undefined) params.set('requestId', options.requestId)
  if (options.side !== undefined) params.set('side', options.side)
  if (options.seq !== undefined) params.set('seq', String(options.seq))
  const query = params.size > 0 ? `?${params}` : ''
  return `/audit/evidence/${encodeURIComponent(xRoadId)}${query}`
}

function listMatches(xRoadId: string, body: unknown, out: Out): number {
  const { matches, more } = (body ?? {}) as { matches?: unknown; more?: unknown }
  if (!Array.isArray(matches)) throw new Error('the gateway sent no list of matches')
  const rows = (matches as Match[]).map((m) =>
    [m.seq, m.side, m.requestId, m.time, m.client, m.service, m.status].map((cell) =>
      String(cell ?? ''),
    ),
  )
  out.log(formatTable(HEADERS, rows))
  const count = more === true ? `more than ${rows.length}` : String(rows.length)
  out.error(
    `audit evidence: X-Road-Id ${xRoadId} names ${count} exchanges; ` +
      'choose one with --request-id (and --side or --seq where the list repeats it)',
  )
  return EXIT.FAILED
}

/** The gateway's answer must be a bundle before it is written anywhere. */
function parsedBundle(text: string): {
  record: { side?: unknown; requestId?: unknown; seq?: unknown }
} {
  let bundle: unknown
  try {
    bundle = JSON.parse(text)
  } catch (cause) {
    throw new Error('the gateway sent something that is not JSON', { cause })
  }
  const record = (bundle as { record?: unknown } | null)?.record
  if (typeof record !== 'object' || record === null) {
    throw new Error('the gateway sent no evidence bundle')
  }
  return bundle as { record: { side?: unknown; requestId?: unknown; seq?: unknown } }
}

/** Owner-only, since a record says who asked for whose data; replaced only once complete. */
async function writePrivateFile(file: string, text: string): Promise<void> {
  try {
    await replaceFile(file, text, { mode: PRIVATE_FILE_MODE, temporary: `${file}.partial` })
  } catch (cause) {
    throw new CliUsageError(`cannot write ${file}`, { cause })
  }
}

function writeStream(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) =>
    stream.write(text, (error) => (error ? reject(error) : resolve())),
  )
}
