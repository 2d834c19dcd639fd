// `kopuro register`: send the node folder's registration request and, with --wait, install the result.
import { createPrivateKey, X509Certificate } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { certificateFingerprint } from '../../certs/index.js'
import {
  fetchDirectory,
  verifyDirectory,
  type DirectoryAnchor,
  type DirectoryDocument,
} from '../directory/index.js'
import {
  NodeFolderError,
  nodeFolderPaths,
  openRegistrationRequest,
  readNodeDescription,
  type NodeFolderPaths,
} from '../directory/registration/index.js'
import type { Clock } from '../lib/clock.js'
import { replacePrivateFile } from '../lib/durable-file.js'
import { callAuthority } from './authority-call.js'
import { CliUsageError, reportErrors } from './cli-errors.js'
import { EXIT } from './exit-codes.js'

export const DEFAULT_WAIT_SECONDS = 600
const POLL_INTERVAL_MS = 1000
const DIRECTORY_TIMEOUT_MS = 10_000

export interface RegisterOptions {
  /** The node folder (`kopuro init`). */
  dir: string
  /** The authority's base URL; default: the stored registration's, else anchor.json's first source. */
  authority?: string
  wait?: boolean
  /** How long `--wait` polls, seconds. */
  timeoutSeconds?: number
  /** Test seam: the poll interval, ms (1 s). */
  intervalMs?: number
  now?: Clock
  fetch?: typeof fetch
}

/** `registration.json`: what was sent where, and what became of it. */
interface RegistrationFile {
  id: string
  authority: string
  submittedAt: string
  status: 'pending' | 'approved' | 'rejected'
  subsystems: string[]
  decidedAt?: string
  reason?: string
  serial?: number
}

interface StatusView {
  id: string
  status: 'pending' | 'approved' | 'rejected'
  decidedAt?: string
  reason?: string
  certificate?: string
  serial?: number
}

type Out = { log(s: string): void; error(s: string): void }

/**
 * Registers the node folder with the federation authority (docs/operations.md, Joining a
 * federation): sends the signed request and writes `registration.json`; a run while that is
 * pending asks about the stored id instead of sending again. With `wait`, polls every second until
 * the operator decides: approved writes `keys/tls.crt.pem` and the verified directory, rejected
 * exits 1 with the reason. Exit 0 ok (approved, or submitted / pending without `wait`), 1 refused,
 * rejected or still pending at the timeout, 2 a missing or bad file or flag, 3 unreachable.
 *
 * @example process.exitCode = await registerCommand({ dir: '/srv/kopuro/gw1', wait: true }, console)
 */
export function registerCommand(options: RegisterOptions, out: Out): Promise<number> {
  return reportErrors('register', out, () =>
    register(options, out).catch((error: unknown) => {
      if (error instanceof NodeFolderError) throw new CliUsageError(error.message, { cause: error })
      throw error
    }),
  )
}

async function register(options: RegisterOptions, out: Out): Promise<number> {
  const paths = nodeFolderPaths(resolve(options.dir))
  const stored = await readRegistrationFile(paths.registration)
  const authority = await authorityUrl(options, stored, paths)
  let registration: RegistrationFile
  if (stored && stored.status !== 'rejected' && stored.authority === authority) {
    registration = stored
    out.log(`registration ${stored.id} was sent before; asking about it`)
  } else {
    registration = await submit(paths, authority, options, out)
    if (!options.wait) return EXIT.OK
  }
  const deadline =
    (options.now ?? Date.now)() + (options.timeoutSeconds ?? DEFAULT_WAIT_SECONDS) * 1000
  for (;;) {
    const view = (await callAuthority(authority, `/registrations/${registration.id}`, {
      fetch: options.fetch,
    })) as StatusView
    if (view.status === 'approved') return install(paths, registration, view, options, out)
    if (view.status === 'rejected') {
      await writeRegistrationFile(paths, { ...registration, ...decision(view) })
      out.error(`register: rejected: ${printable(view.reason ?? 'no reason given')}`)
      return EXIT.FAILED
    }
    if (!options.wait) {
      out.log(`registration ${registration.id} is pending`)
      return EXIT.OK
    }
    if ((options.now ?? Date.now)() + (options.intervalMs ?? POLL_INTERVAL_MS) > deadline) {
      out.error(
        `register: still pending after ${options.timeoutSeconds ?? DEFAULT_WAIT_SECONDS} s; ` +
          'run it again to keep waiting',
      )
      return EXIT.FAILED
    }
    await new Promise((done) => setTimeout(done, options.intervalMs ?? POLL_INTERVAL_MS))
  }
}

async function submit(
  paths: NodeFolderPaths,
  authority: string,
  options: RegisterOptions,
  out: Out,
): Promise<RegistrationFile> {
  const request = await openRegistrationRequest(paths.dir, { now: options.now })
  const accepted = (await callAuthority(authority, '/registrations', {
    body: request.jws,
    contentType: 'application/jose',
    fetch: options.fetch,
  })) as { id?: unknown }
  if (typeof accepted.id !== 'string' || !/^reg_[a-z2-7]{26}$/.test(accepted.id)) {
    throw new Error('the authority answered without a registration id')
  }
  const registration: RegistrationFile = {
    id: accepted.id,
    authority,
    submittedAt: new Date((options.now ?? Date.now)()).toISOString(),
    status: 'pending',
    subsystems: request.payload.subsystems.map((s) => `${request.payload.member.id}/${s.code}`),
  }
  await writeRegistrationFile(paths, registration)
  out.log(`registration ${accepted.id} sent to ${authority}; it waits for the operator`)
  return registration
}

/**
 * Checks the certificate against the node's own TLS key and the directory (verified against
 * anchor.json) before writing anything: the directory must list the node with this certificate's
 * fingerprint, and one of its federation CAs must have issued it.
 */
async function install(
  paths: NodeFolderPaths,
  registration: RegistrationFile,
  view: StatusView,
  options: RegisterOptions,
  out: Out,
): Promise<number> {
  const chain = view.certificate ?? ''
  let leaf: X509Certificate
  try {
    leaf = new X509Certificate(chain)
  } catch (cause) {
    throw new Error('the authority answered an approval without a usable certificate', { cause })
  }
  const tlsKey = createPrivateKey(await readFile(paths.tlsKey, 'utf8'))
  if (!leaf.checkPrivateKey(tlsKey)) throw new Error(`the certificate is not for ${paths.tlsKey}`)
  const fingerprint = certificateFingerprint(chain)
  const { jws, document } = await directoryListing(paths, fingerprint, view.serial ?? 0, options)
  const issued = document.federationCas.some((pem) => {
    const ca = new X509Certificate(pem)
    return leaf.checkIssued(ca) && leaf.verify(ca.publicKey)
  })
  if (!issued) throw new Error('no federation CA of the directory issued the certificate')
  await replacePrivateFile(paths.tlsCert, chain.endsWith('\n') ? chain : `${chain}\n`)
  const cacheFile = await cacheFileOf(paths)
  await replacePrivateFile(cacheFile, jws)
  await writeRegistrationFile(paths, { ...registration, ...decision(view) })
  out.log(
    `approved: certificate ${fingerprint} in ${paths.tlsCert}, ` +
      `directory serial ${document.serial} in ${cacheFile}`,
  )
  return EXIT.OK
}

/** The first source whose verified document, at `minSerial` or later, lists the node with `fingerprint`. */
async function directoryListing(
  paths: NodeFolderPaths,
  fingerprint: string,
  minSerial: number,
  options: RegisterOptions,
): Promise<{ jws: string; document: DirectoryDocument }> {
  const anchor = await readAnchor(paths.anchor)
  const description = await readNodeDescription(paths.node)
  const fetchLike = (url: string, init: RequestInit) => (options.fetch ?? fetch)(url, init)
  for (const source of anchor.sources) {
    try {
      const { jws } = await fetchDirectory(source, {
        fetch: fetchLike,
        timeoutMs: DIRECTORY_TIMEOUT_MS,
      })
      if (jws === undefined) continue
      const document = await verifyDirectory(jws, anchor, { minSerial })
      const member = document.members.find((m) => m.id === description.member)
      const node = member?.nodes.find((n) => n.code === description.node)
      if (node?.tlsFingerprint === fingerprint) return { jws, document }
    } catch {
      // This source gave nothing usable; the next one is tried (docs/design.md §3).
    }
  }
  throw new Error(`no directory source of ${paths.anchor} lists the node with its new certificate`)
}

async function authorityUrl(
  options: RegisterOptions,
  stored: RegistrationFile | undefined,
  paths: NodeFolderPaths,
): Promise<string> {
  let url = options.authority
  if (url === undefined && stored) url = stored.authority
  if (url === undefined) {
    const source = (await readAnchor(paths.anchor)).sources.find((s) =>
      /^https?:\/\/[^/]+\/directory$/.test(s),
    )
    url = source?.replace(/\/directory$/, '')
  }
  if (url === undefined) {
    throw new CliUsageError(`give --authority: ${paths.anchor} names no authority URL`)
  }
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new CliUsageError('--authority must be an http(s) URL')
  }
  return new URL(url).origin
}

async function readAnchor(file: string): Promise<DirectoryAnchor> {
  const anchor = (await readJsonFile(file)) as DirectoryAnchor
  if (
    typeof anchor?.instance !== 'string' ||
    !Array.isArray(anchor.keys) ||
    !Array.isArray(anchor.sources)
  ) {
    throw new CliUsageError(`${file} is not a directory anchor`)
  }
  return anchor
}

async function cacheFileOf(paths: NodeFolderPaths): Promise<string> {
  const config = (await readJsonFile(paths.gatewayConfig)) as {
    directory?: { cacheFile?: unknown }
  }
  const cacheFile = config?.directory?.cacheFile
  return typeof cacheFile === 'string' ? resolve(paths.dir, cacheFile) : paths.directoryCache
}

async function readRegistrationFile(file: string): Promise<RegistrationFile | undefined> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new CliUsageError(`${file} cannot be read`, { cause: error })
  }
  let value: RegistrationFile
  try {
    value = JSON.parse(text) as RegistrationFile
  } catch (cause) {
    throw new CliUsageError(`${file} is not JSON`, { cause })
  }
  if (typeof value?.id !== 'string' || typeof value.authority !== 'string') {
    throw new CliUsageError(`${file} is not a registration record`)
  }
  return value
}

function writeRegistrationFile(
  paths: NodeFolderPaths,
  registration: RegistrationFile,
): Promise<void> {
  return replacePrivateFile(paths.registration, `${JSON.stringify(registration, null, 2)}\n`)
}

function decision(view: StatusView): Partial<RegistrationFile> {
  return {
    status: view.status,
    ...(view.decidedAt !== undefined && { decidedAt: view.decidedAt }),
    ...(view.reason !== undefined && { reason: view.reason }),
    ...(view.serial !== undefined && { serial: view.serial }),
  }
}

async function readJsonFile(file: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (cause) {
    throw new CliUsageError(`${file} cannot be read`, { cause })
  }
  try {
    return JSON.parse(text) as unknown
  } catch (cause) {
    throw new CliUsageError(`${file} is not JSON`, { cause })
  }
}

/** The operator's text as the terminal should show it: control characters replaced, bounded. */
function printable(text: string): string {
  return text.slice(0, 500).replace(/\p{Cc}/gu, '?')
}
