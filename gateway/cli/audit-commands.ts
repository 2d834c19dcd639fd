// Commander wiring of `kopuro audit …`: verify a log offline, query and export it from a gateway.
import { InvalidArgumentError, Option, type Command } from 'commander'
import { auditEvidenceCommand, type AuditEvidenceOptions } from './audit-evidence.js'
import { auditExportCommand, type AuditExportOptions } from './audit-export.js'
import { auditQueryCommand, type AuditQueryOptions } from './audit-query.js'
import { messageId, pageSize, withRecordFilters } from './audit-record-filters.js'
import { withAdminTargetOptions } from './admin-target.js'
import { withExample } from './help-text.js'
import type { auditVerifyCommand as AuditVerifyCommand } from './audit-verify.js'

// Implementations load on use: a gateway process never loads the authority or the PKI code.
const auditVerifyCommand: typeof AuditVerifyCommand = async (...args) =>
  (await import('./audit-verify.js')).auditVerifyCommand(...args)

type Out = { log(s: string): void; error(s: string): void }

const NODE = '--node KG/COM/10000001/gw1'

/**
 * Adds `audit verify <dir>`, `audit query`, `audit export` and `audit evidence <x-road-id>` to the
 * kopuro program.
 *
 * @example addAuditCommands(program, { log: console.log, error: console.error })
 */
export function addAuditCommands(program: Command, out: Out): void {
  const audit = program
    .command('audit')
    .description('the message log: verify, query, export, evidence')
  withExample(audit, 'npx kopuro audit verify .kopuro/audit/KG_COM_10000001_gw1')
  addVerify(audit, out)
  addQuery(audit, out)
  addExport(audit, out)
  addEvidence(audit, out)
}

function addVerify(audit: Command, out: Out): void {
  const verify = audit
    .command('verify <dir>')
    .description('check a message log offline and name the first bad record')
    .option(
      '--head <file-or-url>',
      "a witness's signed head (GET /witness/{node} JSON, or a bare JWS); the log must contain it",
    )
    .option(
      '--log-key <file>',
      'the log public key (JWK file) every checkpoint must be signed with',
    )
  withExample(
    verify,
    'npx kopuro audit verify .kopuro/audit/KG_COM_10000001_gw1 ' +
      '--head http://127.0.0.1:8080/witness/KG%2FCOM%2F10000001%2Fgw1',
  )
  verify.action(async (dir: string, opts: { head?: string; logKey?: string }) => {
    process.exitCode = await auditVerifyCommand(dir, out, opts)
  })
}

function addQuery(audit: Command, out: Out): void {
  const query = withRecordFilters(
    withAdminTargetOptions(
      audit
        .command('query')
        .description("one page of a gateway's message-log records as a table (auditor token)"),
    ),
  )
    .option('--limit <n>', 'records on the page (1-1000)', pageSize, 20)
    .option('--cursor <cursor>', 'start after the page that printed this cursor')
  withExample(
    query,
    `npx kopuro audit query ${NODE} --status 4xx --limit 50`,
    'npx kopuro audit query --admin http://127.0.0.1:9090 --token "$KOPURO_TOKEN" ' +
      '--client KG/COM/10000001/kyc-app --from 2026-01-01T00:00:00Z',
  )
  query.action(async (opts: AuditQueryOptions) => {
    process.exitCode = await auditQueryCommand(opts, out)
  })
}

function addExport(audit: Command, out: Out): void {
  const exporter = withRecordFilters(
    withAdminTargetOptions(
      audit
        .command('export')
        .description('every matching message-log record of a gateway, all pages (auditor token)'),
    ),
  )
    .addOption(
      new Option('--format <format>', 'output format').choices(['ndjson', 'csv']).default('ndjson'),
    )
    .option('--out <file>', 'write here (replaced only when the export succeeds); default stdout')
    .option('--page-size <n>', 'records per request (1-1000)', pageSize, 1000)
  withExample(
    exporter,
    `npx kopuro audit export ${NODE} --format csv --out records.csv`,
    `npx kopuro audit export ${NODE} --service KG/GOV/70000001/population/persons > records.ndjson`,
  )
  exporter.action(async (opts: AuditExportOptions) => {
    process.exitCode = await auditExportCommand(opts, out)
  })
}

/** A record's seq as the gateway takes it: a positive whole number. */
function recordSeq(value: string): number {
  if (!/^[1-9][0-9]{0,14}$/.test(value)) throw new InvalidArgumentError('expected a record number')
  return Number(value)
}

function addEvidence(audit: Command, out: Out): void {
  const evidence = withAdminTargetOptions(
    audit
      .command('evidence <x-road-id>')
      .description(
        "one exchange's evidence bundle (auditor token); lists the exchanges when the id names several",
      ),
  )
    .option('--request-id <id>', 'the X-Road-Request-Id of the one exchange wanted', messageId)
    .addOption(
      new Option('--side <side>', 'the consumer or provider record').choices([
        'consumer',
        'provider',
      ]),
    )
    .option('--seq <n>', "the record's seq, when the list shows a request id twice", recordSeq)
    .option('--out <file>', 'write the bundle here (owner-only); default stdout')
  withExample(
    evidence,
    `npx kopuro audit evidence loan-7 ${NODE}`,
    `npx kopuro audit evidence loan-7 ${NODE} --request-id 0b9d3f4a-1c2e-4f60-8a7b-9c0d1e2f3a4b ` +
      '--out evidence.json && npx kopuro evidence verify evidence.json',
  )
  evidence.action(async (xRoadId: string, opts: AuditEvidenceOptions) => {
    process.exitCode = await auditEvidenceCommand(xRoadId, opts, out)
  })
}
