// `kopuro directory requests | approve | reject`: the operator's side of joining a federation.
import { readFile } from 'node:fs/promises'
import { issueCertificateFromRequest, loadCertificateAuthority } from '../../certs/index.js'
import {
  federationFolderPaths,
  REGISTRATION_ID,
  type RegistrationEntry,
} from '../directory/authority/index.js'
import { callAuthority } from './authority-call.js'
import { CliUsageError, reportErrors } from './cli-errors.js'
import { resolveDirectoryTarget, type DirectoryTargetOptions } from './directory-target.js'
import { EXIT } from './exit-codes.js'
import { formatTable } from './text-table.js'

type Out = { log(s: string): void; error(s: string): void }

const STATUSES = ['pending', 'approved', 'rejected', 'all']

export interface RequestsOptions extends DirectoryTargetOptions {
  status?: string
}

/**
 * Prints the registration requests (pending by default) as a table: id, member, node, host, TLS
 * key fingerprint, signing kid, received. Exit 0, 1 refused, 2 bad flags, 3 unreachable.
 *
 * @example process.exitCode = await directoryRequestsCommand({ dir: '/srv/kg' }, console)
 */
export function directoryRequestsCommand(options: RequestsOptions, out: Out): Promise<number> {
  return reportErrors('directory requests', out, async () => {
    const status = options.status ?? 'pending'
    if (!STATUSES.includes(status)) {
      throw new CliUsageError('--status must be pending, approved, rejected or all')
    }
    const target = await resolveDirectoryTarget(options, 'observer')
    const entries = (await callAuthority(target.url, `/admin/registrations?status=${status}`, {
      token: target.token,
    })) as RegistrationEntry[]
    const decided = status !== 'pending'
    const headers = ['ID', 'MEMBER', 'NODE', 'HOST', 'TLS KEY SHA-256', 'SIGNING KID', 'RECEIVED']
    const rows = entries.map((e) => [
      e.id,
      e.member,
      e.node,
      e.host,
      e.tlsKeyFingerprint,
      e.signingKid,
      e.receivedAt,
      ...(decided ? [e.status] : []),
    ])
    if (entries.length === 0) out.log(`no ${status === 'all' ? '' : `${status} `}registrations`)
    else out.log(formatTable(decided ? [...headers, 'STATUS'] : headers, rows))
    return EXIT.OK
  })
}

export interface ApproveOptions extends DirectoryTargetOptions {
  /** Validity of the node certificate, days (365). */
  validityDays?: number
}

/**
 * Issues the node certificate for a pending request from the federation CA in `--dir`'s `ca/`
 * (the key never leaves this machine), and sends only the certificate. A missing CA file is exit
 * 2 naming it; nothing is ever made. Exit 0 approved, 1 refused, 3 unreachable.
 *
 * @example process.exitCode = await directoryApproveCommand('reg_…', { dir: '/srv/kg' }, console)
 */
export function directoryApproveCommand(
  id: string,
  options: ApproveOptions,
  out: Out,
): Promise<number> {
  return reportErrors('directory approve', out, async () => {
    checkId(id)
    if (!options.dir) throw new CliUsageError('give --dir: the federation folder with the CA key')
    const paths = federationFolderPaths(options.dir)
    const ca = { certPem: await readCa(paths.caCert), keyPem: await readCa(paths.caKey) }
    await loadCertificateAuthority(ca.certPem, ca.keyPem).catch((cause: unknown) => {
      throw new CliUsageError(`${paths.caKey} is not the key of ${paths.caCert}`, { cause })
    })
    const target = await resolveDirectoryTarget(options, 'admin')
    const entries = (await callAuthority(target.url, '/admin/registrations?status=all', {
      token: target.token,
    })) as RegistrationEntry[]
    const entry = entries.find((e) => e.id === id)
    if (!entry) throw new Error('the authority has no registration with that id')
    if (entry.status !== 'pending') throw new Error(`the registration is already ${entry.status}`)
    const issued = await issueCertificateFromRequest({
      ca,
      csrPem: entry.csr,
      validityDays: options.validityDays,
    })
    const answer = (await callAuthority(target.url, `/admin/registrations/${id}/approve`, {
      token: target.token,
      body: { certificate: issued.certPem },
    })) as { serial?: number }
    out.log(
      `approved ${id}: ${entry.member}/${entry.node}, certificate ${issued.fingerprint256}, ` +
        `directory serial ${answer.serial}`,
    )
    return EXIT.OK
  })
}

export interface RejectOptions extends DirectoryTargetOptions {
  reason: string
}

/**
 * Rejects a pending request with a reason the member's node is shown. Exit 0, 1 refused, 2 bad
 * flags, 3 unreachable.
 *
 * @example process.exitCode = await directoryRejectCommand('reg_…', { dir, reason: 'unknown member' }, console)
 */
export function directoryRejectCommand(
  id: string,
  options: RejectOptions,
  out: Out,
): Promise<number> {
  return reportErrors('directory reject', out, async () => {
    checkId(id)
    const reason = options.reason?.trim() ?? ''
    if (reason === '' || reason.length > 500) {
      throw new CliUsageError('--reason must be 1-500 characters')
    }
    const target = await resolveDirectoryTarget(options, 'admin')
    await callAuthority(target.url, `/admin/registrations/${id}/reject`, {
      token: target.token,
      body: { reason },
    })
    out.log(`rejected ${id}`)
    return EXIT.OK
  })
}

function checkId(id: string): void {
  if (!REGISTRATION_ID.test(id)) throw new CliUsageError('<id> must be a registration id, reg_…')
}

/** A CA file the command only uses: missing is exit 2 naming it, and it is never made. */
async function readCa(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (cause) {
    throw new CliUsageError(`${file} is missing: approve issues the certificate with it`, { cause })
  }
}
