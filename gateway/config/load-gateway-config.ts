// Read a gateway config file and check it; configuration mistakes fail at start-up with a TypeError.
import { readFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { checkGatewayConfig } from './check-gateway-config.js'
import type { GatewayConfig } from './gateway-config.js'

/**
 * Loads a JSON config, checks it against the schema (every problem named by its key's path, one
 * per line of the TypeError's message) and resolves its relative file paths against the file's
 * folder. A file that cannot be read or is not JSON is a TypeError naming the file.
 *
 * @example const config = await loadGatewayConfig('.kopuro/gateways/bank-gw1.json')
 */
export async function loadGatewayConfig(file: string): Promise<GatewayConfig> {
  const config: unknown = parseConfig(file, await readConfig(file))
  checkGatewayConfig(config)
  return resolvePaths(config, dirname(resolve(file)))
}

async function readConfig(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable'
    throw new TypeError(`config: cannot read ${file} (${code})`, { cause: error })
  }
}

function parseConfig(file: string, text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    // Not the parser's message: it quotes the text, and the file may hold a password.
    throw new TypeError(`config: ${file} is not valid JSON`, { cause: error })
  }
}

/** The same config with every file path absolute; nothing else changes. */
function resolvePaths(config: GatewayConfig, base: string): GatewayConfig {
  const at = (p: string) => resolve(base, p)
  return {
    ...config,
    tls: { certFile: at(config.tls.certFile), keyFile: at(config.tls.keyFile) },
    signingKeyFile: at(config.signingKeyFile),
    tokenKeyFile: config.tokenKeyFile && at(config.tokenKeyFile),
    adminKeyFile: config.adminKeyFile && at(config.adminKeyFile),
    directory: {
      ...config.directory,
      anchorFile: at(config.directory.anchorFile),
      cacheFile: config.directory.cacheFile && at(config.directory.cacheFile),
    },
    clients: config.clients.map((c) => ({ ...c, publicKeyFile: at(c.publicKeyFile) })),
    services: config.services.map((s) => ({ ...s, contract: s.contract && at(s.contract) })),
    audit: {
      ...config.audit,
      dir: at(config.audit.dir),
      logKeyFile: config.audit.logKeyFile && at(config.audit.logKeyFile),
    },
    tracker: config.tracker && { ...config.tracker, keyFile: at(config.tracker.keyFile) },
  }
}
