// Where private key material ended up: no member's private key in the operator's folder, and
// none of the operator's (CA, directory, admin) in a member's. Compared by the secret itself,
// so a key copied under another name or inside another file is found too.
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

export interface CustodyFolders {
  /** The federation folder (`kopuro directory init`). */
  operator: string
  /** Node folders (`kopuro init`). */
  members: string[]
  /** Member-side key files kept outside a node folder (an information system's key). */
  outside: string[]
}

export interface CustodyFindings {
  /** `secret's file -> file it was found in`, for operator secrets found on a member's side. */
  operatorKeysFound: string[]
  /** The same, for member secrets found in the operator's folder. */
  memberKeysFound: string[]
  /** How many member private keys were compared (so an empty folder cannot pass). */
  memberPrivateKeys: number
}

async function filesBelow(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name))
}

/** The secret part of a private key file: a JWK's `d`, a PEM's base64 body, a raw key's text. */
async function secretOf(file: string): Promise<string | undefined> {
  const text = await readFile(file, 'utf8')
  if (file.endsWith('.json')) {
    const d = (JSON.parse(text) as { d?: unknown }).d
    return typeof d === 'string' ? d : undefined
  }
  const pem = /-----BEGIN [A-Z ]*PRIVATE KEY-----([\s\S]+?)-----END/.exec(text)
  if (pem) return pem[1]!.replace(/\s+/g, '').slice(0, 64)
  return text.trim().length >= 16 ? text.trim() : undefined
}

const isPrivateKeyFile = (file: string) =>
  /private\.jwk\.json$|\.key\.pem$|\.key$|key\.pem$/.test(file)

async function secretsIn(files: string[]): Promise<Map<string, string>> {
  const secrets = new Map<string, string>()
  for (const file of files.filter(isPrivateKeyFile)) {
    const secret = await secretOf(file)
    if (secret) secrets.set(file, secret)
  }
  return secrets
}

async function find(secrets: Map<string, string>, files: string[]): Promise<string[]> {
  const found: string[] = []
  for (const file of files) {
    const text = (await readFile(file)).toString('latin1').replace(/\s+/g, '')
    for (const [origin, secret] of secrets) {
      if (origin !== file && text.includes(secret)) found.push(`${origin} -> ${file}`)
    }
  }
  return found
}

export async function checkKeyCustody(folders: CustodyFolders): Promise<CustodyFindings> {
  const operatorFiles = await filesBelow(folders.operator)
  const memberFiles = [
    ...(await Promise.all(folders.members.map(filesBelow))).flat(),
    ...folders.outside,
  ]
  const operatorSecrets = await secretsIn(operatorFiles)
  const memberSecrets = await secretsIn(memberFiles)
  return {
    operatorKeysFound: await find(operatorSecrets, memberFiles),
    memberKeysFound: await find(memberSecrets, operatorFiles),
    memberPrivateKeys: memberSecrets.size,
  }
}
