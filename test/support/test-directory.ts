// A directory authority and a mirror on real listeners, which tests can stop and restart.
import { join } from 'node:path'
import { readFile } from 'node:fs/promises'
import {
  startAuthority,
  startMirror,
  type RunningAuthority,
  type RunningMirror,
} from '#gateway/directory/authority/index.js'
import type { DirectoryAnchor } from '#gateway/directory/index.js'
import type { PreparedFederation } from '#sandbox/prepare-federation.js'
import { authorityFiles } from '#sandbox/seed-authority.js'

export interface TestDirectory {
  urls: { url: string; mirrorUrl: string }
  authority(): RunningAuthority | undefined
  mirror(): RunningMirror | undefined
  startAuthority(): Promise<RunningAuthority>
  stopAuthority(): Promise<void>
  startMirror(): Promise<RunningMirror>
  stopMirror(): Promise<void>
  close(): Promise<void>
}

export async function startTestDirectory(
  dir: string,
  prepared: PreparedFederation,
  urls: { url: string; mirrorUrl: string },
  mirrorPollMs: number,
): Promise<TestDirectory> {
  const files = authorityFiles(dir)
  const anchor = JSON.parse(await readFile(prepared.anchorFile, 'utf8')) as DirectoryAnchor
  const directoryKeyFile = join(dir, 'pki', 'federation', 'directory-key.private.jwk.json')
  let authority: RunningAuthority | undefined
  let mirror: RunningMirror | undefined
  const handle: TestDirectory = {
    urls,
    authority: () => authority,
    mirror: () => mirror,
    async startAuthority() {
      authority = await startAuthority({
        ...files,
        changeLogDir: files.changeLogDir,
        directoryKeyFile,
        autoApprove: true,
        port: Number(new URL(urls.url).port),
      })
      return authority
    },
    async stopAuthority() {
      await authority?.close()
      authority = undefined
    },
    async startMirror() {
      mirror = await startMirror({
        from: [`${urls.url}/directory`],
        anchor,
        pollMs: mirrorPollMs,
        port: Number(new URL(urls.mirrorUrl).port),
      })
      return mirror
    },
    async stopMirror() {
      await mirror?.close()
      mirror = undefined
    },
    async close() {
      await handle.stopMirror()
      await handle.stopAuthority()
    },
  }
  await handle.startAuthority()
  await handle.startMirror()
  return handle
}
