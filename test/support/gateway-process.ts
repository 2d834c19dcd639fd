// Run a gateway node as its own process, as the sandbox does, so a test can kill it for real.
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { waitForHttp } from '#sandbox/wait-for-http.js'
import type { PreparedNode } from '#sandbox/prepare-federation.js'

const CLI = fileURLToPath(new URL('../../gateway/cli/main.ts', import.meta.url))

export interface GatewayProcess {
  child: ChildProcess
  /** Sends SIGKILL and resolves once the process is gone. */
  kill(): Promise<void>
}

export async function startGatewayProcess(node: PreparedNode): Promise<GatewayProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CLI, 'gateway', '--config', node.configFile],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, KOPURO_LOG_LEVEL: 'error' },
    },
  )
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const admin = `http://${node.config.listen.host}:${node.config.listen.adminPort}/ready`
  await waitForHttp(admin, { timeoutMs: 30_000 })
  return {
    child,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await exited
    },
  }
}
