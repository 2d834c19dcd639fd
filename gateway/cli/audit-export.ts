// `kopuro audit export`: every matching message-log record of a gateway, page by page, to a file.
import { openReplacement, type Replacement } from '../lib/durable-file.js'
import { PRIVATE_FILE_MODE } from '../lib/private-files.js'
import { CliUsageError, reportErrors } from './cli-errors.js'
import { EXIT } from './exit-codes.js'
import { adminRequest } from './admin-request.js'
import { resolveAdminTarget, type AdminTarget, type AdminTargetOptions } from './admin-target.js'
import { checkedCursor, recordsPath, type RecordFilterOptions } from './audit-record-filters.js'
import { readAnswerText } from './read-answer.js'

export interface AuditExportOptions extends AdminTargetOptions, RecordFilterOptions {
  format: 'ndjson' | 'csv'
  /** The file to write; standard output when absent. */
  out?: string
  /** Records asked for per request (1 to 1000). */
  pageSize: number
  /** Test seams. */
  fetch?: typeof fetch
  stdout?: NodeJS.WritableStream
}

type Out = { log(s: string): void; error(s: string): void }

/** Where the pages go: written as they come, kept only when the whole export succeeded. */
interface Sink {
  /** False when the reader has gone (`| head` closed the pipe): the export stops there. */
  write(text: string): Promise<boolean>
  commit(): Promise<void>
  abort(): Promise<void>
}

/**
 * Follows the gateway's `x-next-cursor` through every page and writes one NDJSON line per record
 * or one CSV (a single header line). A file is written beside the target and renamed into place
 * at the end, so a failed export leaves no partial file. Exit codes as `audit query`.
 *
 * @example process.exitCode = await auditExportCommand({ node, sandbox, format: 'csv', out: 'log.csv', pageSize: 1000 }, console)
 */
export async function auditExportCommand(options: AuditExportOptions, out: Out): Promise<number> {
  return reportErrors('audit export', out, async () => {
    const target = await resolveAdminTarget(options, 'auditor')
    const sink = options.out
      ? await fileSink(options.out)
      : streamSink(options.stdout ?? process.stdout)
    let copied: { records: number; pages: number }
    try {
      copied = await copyPages(target, options, sink)
      await sink.commit()
    } catch (error) {
      await sink.abort()
      throw error
    }
    if (options.out) {
      out.log(`exported ${copied.records} records (${copied.pages} pages) to ${options.out}`)
    }
    return EXIT.OK
  })
}

async function copyPages(
  target: AdminTarget,
  options: AuditExportOptions,
  sink: Sink,
): Promise<{ records: number; pages: number }> {
  let cursor: string | undefined
  let records = 0
  for (let pages = 1; ; pages++) {
    const path = recordsPath(options, { limit: options.pageSize, cursor, format: options.format })
    const res = await adminRequest(target, path, { fetch: options.fetch })
    let text = await readAnswerText(res)
    if (options.format === 'csv' && pages > 1) text = withoutHeader(text)
    records += options.format === 'csv' ? csvRows(text) - (pages === 1 ? 1 : 0) : lines(text)
    if (!(await sink.write(text))) return { records, pages }
    const next = checkedCursor(res.headers.get('x-next-cursor') ?? undefined)
    if (next === undefined) return { records, pages }
    if (next === cursor) throw new Error('the gateway sent the same cursor twice')
    cursor = next
  }
}

/** Every page repeats the CSV header (it has no quoted cells, so its end is the first CRLF). */
function withoutHeader(csv: string): string {
  const end = csv.indexOf('\r\n')
  return end === -1 ? '' : csv.slice(end + 2)
}

function lines(ndjson: string): number {
  return ndjson.split('\n').filter((line) => line.length > 0).length
}

/** CRLF-terminated rows (RFC 4180), not counting line breaks inside quoted cells. */
function csvRows(csv: string): number {
  let rows = 0
  let quoted = false
  for (let i = 0; i < csv.length; i++) {
    if (csv[i] === '"') quoted = !quoted
    else if (!quoted && csv[i] === '\r' && csv[i + 1] === '\n') rows++
  }
  return rows
}

async function fileSink(file: string): Promise<Sink> {
  let out: Replacement
  try {
    // Owner-only: an export holds who asked for whose data. Renamed into place once complete.
    out = await openReplacement(file, { mode: PRIVATE_FILE_MODE, temporary: `${file}.partial` })
  } catch (cause) {
    throw new CliUsageError(`cannot write ${file}`, { cause })
  }
  return {
    write: async (text) => {
      await out.write(text)
      return true
    },
    commit: () => out.commit(),
    abort: () => out.abort(),
  }
}

function streamSink(stream: NodeJS.WritableStream): Sink {
  const write = (text: string) =>
    new Promise<boolean>((resolve, reject) =>
      stream.write(text, (error) => {
        if (!error) resolve(true)
        else if ((error as NodeJS.ErrnoException).code === 'EPIPE') resolve(false)
        else reject(error)
      }),
    )
  return { write, commit: async () => {}, abort: async () => {} }
}
