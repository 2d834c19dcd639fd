// Which directory authority an operator command talks to, and with which admin token.
import { readFile } from 'node:fs/promises'
import { userInfo } from 'node:os'
import {
  adminKeyFileFor,
  federationFolderPaths,
  issueAdminToken,
  readAdminKey,
  readAuthorityConfig,
  type AdminRole,
} from '../directory/authority/index.js'
import { DEFAULT_SANDBOX_FILE } from './admin-target.js'
import { CliUsageError } from './cli-errors.js'

export interface DirectoryTargetOptions {
  /** `--authority <url>` */
  authority?: string
  /** `--dir <fed dir>`: its authority.json names the URL, its admin key signs the token. */
  dir?: string
  /** `--token <jwt>` */
  token?: string
  /** Who acts, for a token minted from the admin key (recorded in the change log). */
  subject?: string
  /** The sandbox description, looked at when neither `--authority` nor `--dir` is given. */
  sandbox?: string
}

export interface DirectoryTarget {
  url: string
  token: string
}

/** Minted tokens live just long enough for one command. */
const MINTED_TOKEN_SECONDS = 300
const SUBJECT = /^[\x21-\x7e]{1,128}$/

/**
 * The URL: `--authority`, else `--dir`'s authority.json publicUrl, else the sandbox file's
 * authority. The token: `--token`, else `$KOPURO_DIRECTORY_TOKEN`, else one minted from `--dir`'s
 * `keys/admin.private.jwk.json` (or the sandbox authority's admin key). A key is only read, never
 * made; whatever is missing is a usage error (exit 2) naming the flag or file.
 *
 * @example const { url, token } = await resolveDirectoryTarget({ dir: '/srv/kg' }, 'admin')
 */
export async function resolveDirectoryTarget(
  options: DirectoryTargetOptions,
  role: AdminRole,
  env: NodeJS.ProcessEnv = process.env,
): Promise<DirectoryTarget> {
  const folder = options.dir ? federationFolderPaths(options.dir) : undefined
  const sandbox = folder || options.authority ? undefined : await readSandbox(options.sandbox)
  let url = options.authority
  if (url === undefined && folder)
    url = (await usable(readAuthorityConfig(folder.authorityConfig))).publicUrl
  url ??= sandbox?.authorityUrl
  if (url === undefined)
    throw new CliUsageError('give --authority or --dir (the federation folder)')
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new CliUsageError('--authority must be an http(s) URL')
  }
  const given = options.token || env['KOPURO_DIRECTORY_TOKEN'] || undefined
  if (given) return { url, token: given }
  const keyFile = folder?.adminKey ?? sandbox?.adminKeyFile
  if (!keyFile) {
    throw new CliUsageError('give --token, set KOPURO_DIRECTORY_TOKEN, or give --dir to sign one')
  }
  const privateJwk = await usable(readAdminKey(keyFile))
  const token = await issueAdminToken({
    privateJwk,
    subject: subjectOf(options.subject),
    role,
    ttlSeconds: MINTED_TOKEN_SECONDS,
  })
  return { url, token }
}

/** `--subject`, else the operator's login name, else `operator`. */
function subjectOf(subject: string | undefined): string {
  if (subject !== undefined) {
    if (!SUBJECT.test(subject))
      throw new CliUsageError('--subject must be 1-128 printable characters')
    return subject
  }
  const login = (() => {
    try {
      return userInfo().username
    } catch {
      return ''
    }
  })()
  return SUBJECT.test(login) ? login : 'operator'
}

async function readSandbox(
  file = DEFAULT_SANDBOX_FILE,
): Promise<{ authorityUrl: string; adminKeyFile: string } | undefined> {
  let value: { directory?: { authorityUrl?: unknown; registryFile?: unknown } }
  try {
    value = JSON.parse(await readFile(file, 'utf8')) as typeof value
  } catch {
    return undefined
  }
  const { authorityUrl, registryFile } = value?.directory ?? {}
  if (typeof authorityUrl !== 'string' || typeof registryFile !== 'string') return undefined
  return { authorityUrl, adminKeyFile: adminKeyFileFor(registryFile) }
}

/** A file of the folder that is missing or unusable is the user's to fix (exit 2). */
async function usable<T>(read: Promise<T>): Promise<T> {
  try {
    return await read
  } catch (error) {
    if (error instanceof TypeError) throw new CliUsageError(error.message, { cause: error })
    throw error
  }
}
