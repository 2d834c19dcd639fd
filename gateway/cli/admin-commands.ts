// `kopuro admin …`: a gateway's admin listener from the command line (grants, notices, records).
import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { memberOf } from '../identifiers/index.js'

type Out = { log(s: string): void; error(s: string): void }

interface AdminTarget {
  url: string
  token: string
}

interface CommonOptions {
  node?: string
  sandbox: string
  adminUrl?: string
  token?: string
}

/** The admin URL and a role token: given explicitly, or read from the sandbox description. */
async function target(opts: CommonOptions, role: 'admin' | 'auditor'): Promise<AdminTarget> {
  if (opts.adminUrl && opts.token) return { url: opts.adminUrl, token: opts.token }
  if (!opts.node) throw new Error('name the gateway node (--node) or give --admin-url and --token')
  const sandbox = JSON.parse(await readFile(opts.sandbox, 'utf8')) as {
    gateways: { node: string; adminUrl: string }[]
    roleTokens: Record<string, Record<string, string>>
  }
  const gateway = sandbox.gateways.find((g) => g.node === opts.node)
  if (!gateway) throw new Error(`no gateway node ${opts.node} in ${opts.sandbox}`)
  const token = opts.token ?? sandbox.roleTokens[memberOf(opts.node)]?.[role]
  if (!token) throw new Error(`no ${role} token for ${memberOf(opts.node)} in ${opts.sandbox}`)
  return { url: opts.adminUrl ?? gateway.adminUrl, token }
}

async function call(out: Out, t: AdminTarget, path: string, body?: unknown): Promise<number> {
  const res = await fetch(`${t.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  if (!res.ok) {
    out.error(`${res.status} ${res.headers.get('x-road-error') ?? ''} ${text}`.trim())
    return 1
  }
  out.log(text.trimEnd())
  return 0
}

/** `GET /*` → `{ method: 'GET', path: '/*' }` */
function endpoint(value: string, previous: { method: string; path: string }[] = []) {
  const [method, path] = value.trim().split(/\s+/)
  if (!method || !path) throw new Error(`an endpoint is "METHOD /path-glob", not "${value}"`)
  return [...previous, { method, path }]
}

function common(command: Command): Command {
  return command
    .option('--node <node>', 'the gateway node, e.g. KG/GOV/70000001/gw1')
    .option('--sandbox <file>', 'the sandbox description', '.kopuro/sandbox.json')
    .option('--admin-url <url>', "the node's admin listener (instead of the sandbox file)")
    .option('--token <token>', 'a role token (instead of the sandbox file)')
}

/**
 * Adds `kopuro admin grant|revoke|publish|disable|enable|records`. Exit code 0 on success, 1
 * when the gateway refused, 2 on bad usage.
 */
export function addAdminCommands(program: Command, out: Out): void {
  const admin = program.command('admin').description("a gateway's admin listener")
  const run = async (
    role: 'admin' | 'auditor',
    opts: CommonOptions,
    path: string,
    body?: unknown,
  ) => {
    try {
      process.exitCode = await call(out, await target(opts, role), path, body)
    } catch (e) {
      out.error((e as Error).message)
      process.exitCode = 2
    }
  }
  for (const action of ['grant', 'revoke'] as const) {
    common(admin.command(action).description(`${action} a subsystem access to a service`))
      .requiredOption('--subject <subsystem>', 'the client subsystem')
      .requiredOption('--service <service>', 'the service id')
      .option(
        '--endpoint <"METHOD /glob">',
        'limit to an endpoint (repeat); whole service if absent',
        endpoint,
      )
      .action((o: CommonOptions & { subject: string; service: string; endpoint?: unknown[] }) =>
        run('admin', o, action === 'grant' ? '/admin/grants' : '/admin/grants/revoke', {
          subject: o.subject,
          service: o.service,
          ...(o.endpoint ? { endpoints: o.endpoint } : {}),
        }),
      )
  }
  common(admin.command('disable').description('disable a service, with a notice for callers'))
    .requiredOption('--service <service>', 'the service id')
    .requiredOption('--notice <text>', 'what callers are told')
    .action((o: CommonOptions & { service: string; notice: string }) =>
      run('admin', o, '/admin/services/disable', { service: o.service, notice: o.notice }),
    )
  common(admin.command('enable').description('enable a disabled service'))
    .requiredOption('--service <service>', 'the service id')
    .action((o: CommonOptions & { service: string }) =>
      run('admin', o, '/admin/services/enable', { service: o.service }),
    )
  common(
    admin
      .command('publish')
      .description('publish a new service (no one may call it until granted)'),
  )
    .requiredOption('--service <service>', 'the new service id')
    .requiredOption('--url <url>', 'the backend base URL')
    .option('--contract <file>', 'its OpenAPI contract (JSON); enables request validation')
    .action(async (o: CommonOptions & { service: string; url: string; contract?: string }) => {
      const contract = o.contract ? JSON.parse(await readFile(o.contract, 'utf8')) : undefined
      await run('admin', o, '/admin/services/publish', { id: o.service, url: o.url, contract })
    })
  common(admin.command('records').description('message-log records (auditor token)'))
    .option(
      '--query <query>',
      'filters, e.g. "client=KG/COM/10000001/kyc-app&status=4xx&format=csv"',
      '',
    )
    .action((o: CommonOptions & { query: string }) =>
      run('auditor', o, `/audit/records${o.query ? `?${o.query}` : ''}`),
    )
}
