// What each console view's browser cases get from the sandbox test that runs them.
import type { Browser } from 'playwright-core'
import type { SandboxDescription } from '#sandbox/sandbox-file.js'

export interface SandboxEnv {
  /** The running sandbox's description (`<dir>/sandbox.json`). */
  sandbox: SandboxDescription
  sandboxFile: string
  /** The sandbox's directory (PKI, gateway configs, audit logs). */
  dir: string
  browser: Browser
}

/** Registers a view's cases; `env()` is valid once the suite's `beforeAll` ran. */
export type ViewCases = (env: () => SandboxEnv) => void
