// Reads a message log's records in order, for tests and auditor queries.
import { AuditLogError } from './audit-log-error.js'
import { listSegments, readSegmentLines } from './log-files.js'
import { parseRecordLine } from './log-format.js'
import type { AuditRecord } from './log-format.js'

/**
 * Yields every complete record of the log in `dir`, in seq order. It does not check the chain
 * (verifyAuditLog does). A partial last line of the last segment is a write in progress and is
 * skipped; an invalid line anywhere else throws an AuditLogError.
 *
 * @example
 * for await (const record of readAuditRecords('.kopuro/audit')) if (record.status >= 500) …
 */
export async function* readAuditRecords(dir: string): AsyncGenerator<AuditRecord> {
  const segments = await listSegments(dir)
  for (const [i, segment] of segments.entries()) {
    for await (const line of readSegmentLines(segment.path)) {
      if (!line.terminated && i === segments.length - 1) return
      const record = line.terminated ? parseRecordLine(line.bytes) : undefined
      if (!record) {
        const code = line.terminated ? 'malformed' : 'torn_tail'
        throw new AuditLogError(code, `${segment.name} line ${line.line} is not a log record`)
      }
      yield record
    }
  }
}
