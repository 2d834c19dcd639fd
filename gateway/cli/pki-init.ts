// `kopuro pki init`: generates the federation PKI (root CA, node certificates, keys) in a folder.
import { readFile } from 'node:fs/promises'
import { DEFAULT_SANDBOX_LAYOUT, initPki, validatePkiLayout } from '../../certs/index.js'
import type { PkiLayout } from '../../certs/index.js'
import { EXIT } from './exit-codes.js'
import { startProgressBar } from './progress.js'

export interface PkiInitOptions {
  /** Where a progress bar is drawn if it is a terminal (default: standard output). */
  progressStream?: NodeJS.WritableStream & { isTTY?: boolean }
}

type Out = { log(s: string): void; error?(s: string): void }

/**
 * Runs initPki with a progress bar on a terminal, else one line per item, then a summary. The
 * layout is an object, a JSON layout file, or (absent) the sandbox federation. Exit code 0 on
 * success, 1 when generation failed, 2 when the layout is unreadable or invalid.
 *
 * @example
 * process.exitCode = await pkiInitCommand('.kopuro/pki', DEFAULT_SANDBOX_LAYOUT, console)
 */
export async function pkiInitCommand(
  dir: string,
  layout: PkiLayout | string | undefined,
  out: Out,
  options: PkiInitOptions = {},
): Promise<number> {
  const fail = (message: string, code: number) => {
    const print = out.error ?? out.log
    print(`pki init failed: ${message}`)
    return code
  }
  let resolved: PkiLayout
  try {
    resolved = await readLayout(layout)
  } catch (error) {
    return fail((error as Error).message, EXIT.USAGE)
  }
  const started = performance.now()
  const bar = startProgressBar({
    total: itemCount(resolved),
    label: 'pki',
    unit: 'items',
    stream: options.progressStream,
  })
  let done = 0
  const onProgress = (step: string) => (bar ? bar.update(++done, step) : out.log(`  ${step}`))
  try {
    const manifest = await initPki(dir, resolved, { onProgress })
    bar?.stop()
    const nodes = manifest.members.reduce((n, m) => n + m.nodes.length, 0)
    const clients = manifest.members.reduce((n, m) => n + m.clients.length, 0)
    const ms = Math.round(performance.now() - started)
    out.log(
      `PKI for ${manifest.instance} ready in ${dir}: ${manifest.members.length} members, ` +
        `${nodes} gateway nodes, ${clients} client keys (pki.json, ${ms} ms)`,
    )
    return EXIT.OK
  } catch (error) {
    bar?.stop()
    return fail(error instanceof Error ? error.message : String(error), EXIT.FAILED)
  }
}

/** The layout, checked: a bad one is bad input (exit 2), found before anything is generated. */
async function readLayout(layout: PkiLayout | string | undefined): Promise<PkiLayout> {
  const resolved = typeof layout === 'string' ? await readLayoutFile(layout) : layout
  validatePkiLayout(resolved ?? DEFAULT_SANDBOX_LAYOUT)
  return resolved ?? DEFAULT_SANDBOX_LAYOUT
}

async function readLayoutFile(layout: string): Promise<PkiLayout> {
  let text: string
  try {
    text = await readFile(layout, 'utf8')
  } catch {
    throw new Error(`cannot read the layout ${layout}`)
  }
  try {
    return JSON.parse(text) as PkiLayout
  } catch {
    throw new Error(`the layout ${layout} is not JSON`)
  }
}

/** What initPki reports one step for: root CA, directory key, and each member's signing key,
 * node certificates and client keys. */
function itemCount(layout: PkiLayout): number {
  return layout.members.reduce((n, m) => n + 1 + m.nodes.length + m.clients.length, 2)
}
