// `kopuro pki init`: generates the federation PKI (root CA, node certificates, keys) in a folder.
import { initPki } from '../../certs/index.js'
import type { PkiLayout } from '../../certs/index.js'

/**
 * Runs initPki with one progress line per item and a summary; 0 on success, 1 on failure.
 *
 * @example
 * process.exitCode = await pkiInitCommand('.kopuro/pki', DEFAULT_SANDBOX_LAYOUT, console)
 */
export async function pkiInitCommand(
  dir: string,
  layout: PkiLayout,
  out: { log(s: string): void },
): Promise<number> {
  const started = performance.now()
  try {
    const manifest = await initPki(dir, layout, { onProgress: (step) => out.log(`  ${step}`) })
    const nodes = manifest.members.reduce((n, m) => n + m.nodes.length, 0)
    const clients = manifest.members.reduce((n, m) => n + m.clients.length, 0)
    const ms = Math.round(performance.now() - started)
    out.log(
      `PKI for ${manifest.instance} ready in ${dir}: ${manifest.members.length} members, ` +
        `${nodes} gateway nodes, ${clients} client keys (pki.json, ${ms} ms)`,
    )
    return 0
  } catch (error) {
    out.log(`pki init failed: ${error instanceof Error ? error.message : String(error)}`)
    return 1
  }
}
