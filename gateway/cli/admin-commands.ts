// `kopuro admin …`: a gateway's admin listener from the command line (grants, notices, records).
import { readFile } from 'node:fs/promises'
import { InvalidArgumentError, type Command } from 'commander'
import { checkGrantSyntax, type GrantProblem } from '../access/index.js'
import { CliUsageError, reportErrors } from './cli-errors.js'
import { EXIT } from './exit-codes.js'
import { withExample } from './help-text.js'
import { adminRequest, RefusedError } from './admin-request.js'
import {
  resolveAdminTarget,
  resolveTargetNodes,
  withAdminTargetOptions,
  type AdminRole,
  type AdminTargetOptions,
} from './admin-target.js'
import { readAnswerText } from './read-answer.js'

type Out = { log(s: string): void; error(s: string): void }

type Endpoint = { method: string; path: string }

const NODE = '--node KG/GOV/70000001/gw1'
const SERVICE = 'KG/GOV/70000001/population/persons'

/** `GET /*` → `{ method: 'GET', path: '/*' }`; commander reports a bad one as a usage error. */
function endpoint(value: string, previous: Endpoint[] = []): Endpoint[] {
  const [method, path] = value.trim().split(/\s+/)
  if (!method || !path) throw new InvalidArgumentError('an endpoint is "METHOD /path-glob"')
  return [...previous, { method, path }]
}

/**
 * Adds `kopuro admin grant|revoke|publish|disable|enable|revoke-token|records`. Exit code 0 on success, 1
 * when the gateway refused, 2 on bad usage, 3 when the gateway could not be reached.
 *
 * @example addAdminCommands(program, { log: console.log, error: console.error })
 */
export function addAdminCommands(program: Command, out: Out): void {
  const admin = program
    .command('admin')
    .description("a gateway's admin listener: the console's actions from the command line")
  withExample(admin, `npx kopuro admin disable ${NODE} --service ${SERVICE} --notice "Moved"`)
  const run = runner(out)
  addGrantCommands(admin, run, out)
  addServiceCommands(admin, run)
  addRevokeTokenCommand(admin, run)
  const records = withAdminTargetOptions(
    admin
      .command('records')
      .description('message-log records as the gateway sends them (auditor token; raw query)'),
  ).option('--query <query>', 'filters, e.g. "client=KG/COM/10000001/kyc-app&format=csv"', '')
  withExample(records, `npx kopuro admin records ${NODE} --query "status=4xx&format=csv"`)
  records.addHelpText('after', '\nSee also: kopuro audit query, kopuro audit export.')
  records.action((o: AdminTargetOptions & { query: string }) =>
    run(o, {
      action: 'records',
      role: 'auditor',
      path: `/audit/records${o.query ? `?${o.query}` : ''}`,
    }),
  )
}

const MEMBER_HELP =
  'every gateway node of this member in --sandbox, e.g. KG/GOV/70000001 (instead of --node)'

interface AdminCall {
  action: string
  role: AdminRole
  path: string
  /** The JSON body of a POST, built once the target is known (it may read a file). */
  body?: () => Promise<unknown> | unknown
}

type Run = (opts: AdminTargetOptions, call: AdminCall) => Promise<void>

/** Every admin command ends the same way: the gateway's JSON answer printed, or one error line. */
function runner(out: Out): Run {
  return async (opts, call) => {
    let nodes: (string | undefined)[] = [opts.node]
    process.exitCode = await reportErrors(`admin ${call.action}`, out, async () => {
      nodes = await resolveTargetNodes(opts)
      return EXIT.OK
    })
    if (process.exitCode !== EXIT.OK) return
    // One answer per node; the exit code is the worst of them.
    let worst: number = EXIT.OK
    for (const node of nodes) {
      const code = await reportErrors(`admin ${call.action}`, out, async () => {
        const target = await resolveAdminTarget({ ...opts, node }, call.role)
        const res = await adminRequest(target, call.path, { body: await call.body?.() }).catch(
          (e: unknown) => {
            throw asUsageError(e)
          },
        )
        const text = (await readAnswerText(res)).trimEnd()
        out.log(opts.member ? `${node}: ${text}` : text)
        return EXIT.OK
      })
      worst = Math.max(worst, code)
    }
    process.exitCode = worst
  }
}

/** A grant the gateway refused as malformed is bad input, as a local check would have found. */
function asUsageError(error: unknown): unknown {
  if (error instanceof RefusedError && error.code === 'client.invalid_grant')
    return new CliUsageError(error.message, { cause: error })
  return error
}

type GrantOptions = { subject: string; service: string; endpoint?: Endpoint[] }

/** The grant the flags describe, checked as the gateway checks it; a problem names its flag. */
function grantBody(o: GrantOptions): unknown {
  const body = {
    subject: o.subject,
    service: o.service,
    ...(o.endpoint ? { endpoints: o.endpoint } : {}),
  }
  const checked = checkGrantSyntax(body)
  if (!checked.ok) throw new CliUsageError(flagProblem(checked.problem, o))
  return body
}

function flagProblem(p: GrantProblem, o: GrantOptions): string {
  const i = /^endpoints\[(\d+)\]/.exec(p.field)?.[1]
  const e = i === undefined ? undefined : o.endpoint?.[Number(i)]
  const flag = e ? `--endpoint "${e.method} ${e.path}"` : `--${p.field.replace(/s$/, '')}`
  return `${flag}: ${e ? `${p.field.split('.')[1] ?? 'endpoint'} ` : ''}${p.reason}`
}

const GRANT_DESCRIPTIONS = {
  grant: 'give a client subsystem access to a service (or some of its endpoints)',
  revoke: "withdraw a client subsystem's access to a service (or some of its endpoints)",
}

function addGrantCommands(admin: Command, run: Run, out: Out): void {
  for (const action of ['grant', 'revoke'] as const) {
    const command = withAdminTargetOptions(
      admin.command(action).description(GRANT_DESCRIPTIONS[action]),
    )
      .option('--member <member>', MEMBER_HELP)
      .requiredOption('--subject <subsystem>', 'the client subsystem')
      .requiredOption('--service <service>', 'the service id')
      .option(
        '--endpoint <"METHOD /glob">',
        'limit to an endpoint (repeat); whole service if absent',
        endpoint,
      )
    withExample(
      command,
      `npx kopuro admin ${action} ${NODE} --subject KG/COM/10000001/kyc-app ` +
        `--service ${SERVICE} --endpoint "GET /*"`,
    )
    const path = action === 'grant' ? '/admin/grants' : '/admin/grants/revoke'
    command.action(async (o: AdminTargetOptions & GrantOptions) => {
      // Checked before any node is asked: a malformed grant is a usage error (exit 2).
      const bad = await reportErrors(`admin ${action}`, out, async () => {
        grantBody(o)
        return EXIT.OK
      })
      if (bad !== EXIT.OK) {
        process.exitCode = bad
        return
      }
      await run(o, { action, role: 'admin', path, body: () => grantBody(o) })
    })
  }
}

function addServiceCommands(admin: Command, run: Run): void {
  const disable = withAdminTargetOptions(
    admin.command('disable').description('disable a service, with a notice for its callers'),
  )
    .option('--member <member>', MEMBER_HELP)
    .requiredOption('--service <service>', 'the service id')
    .requiredOption('--notice <text>', 'what callers are told')
  withExample(disable, `npx kopuro admin disable ${NODE} --service ${SERVICE} --notice "Moved"`)
  disable.action((o: AdminTargetOptions & { service: string; notice: string }) =>
    run(o, {
      action: 'disable',
      role: 'admin',
      path: '/admin/services/disable',
      body: () => ({ service: o.service, notice: o.notice }),
    }),
  )
  const enable = withAdminTargetOptions(
    admin.command('enable').description('enable a disabled service again'),
  )
    .option('--member <member>', MEMBER_HELP)
    .requiredOption('--service <service>', 'the service id')
  withExample(enable, `npx kopuro admin enable ${NODE} --service ${SERVICE}`)
  enable.action((o: AdminTargetOptions & { service: string }) =>
    run(o, {
      action: 'enable',
      role: 'admin',
      path: '/admin/services/enable',
      body: () => ({ service: o.service }),
    }),
  )
  const publish = withAdminTargetOptions(
    admin
      .command('publish')
      .description('publish a new service (no one may call it until granted)'),
  )
    .option('--member <member>', MEMBER_HELP)
    .requiredOption('--service <service>', 'the new service id')
    .requiredOption('--url <url>', 'the backend base URL')
    .option('--contract <file>', 'its OpenAPI contract (JSON); enables request validation')
  withExample(
    publish,
    `npx kopuro admin publish ${NODE} --service KG/GOV/70000001/population/births ` +
      '--url http://127.0.0.1:8200 --contract births.json',
  )
  publish.action((o: AdminTargetOptions & { service: string; url: string; contract?: string }) =>
    run(o, {
      action: 'publish',
      role: 'admin',
      path: '/admin/services/publish',
      body: async () => ({
        id: o.service,
        url: o.url,
        contract: o.contract ? await readContract(o.contract) : undefined,
      }),
    }),
  )
}

function addRevokeTokenCommand(admin: Command, run: Run): void {
  const revoke = withAdminTargetOptions(
    admin
      .command('revoke-token')
      .description("withdraw a role token by its jti (on every node sharing the node's store)"),
  )
    .option('--member <member>', MEMBER_HELP)
    .requiredOption('--jti <id>', "the token's jti claim")
  withExample(
    revoke,
    `npx kopuro admin revoke-token ${NODE} --jti 1b4e28ba-2fa1-11d2-883f-0016d3cca427`,
  )
  revoke.action((o: AdminTargetOptions & { jti: string }) =>
    run(o, {
      action: 'revoke-token',
      role: 'admin',
      path: '/admin/tokens/revoke',
      body: () => ({ jti: o.jti }),
    }),
  )
}

async function readContract(file: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (cause) {
    throw new CliUsageError(`cannot read the contract ${file}`, { cause })
  }
  try {
    return JSON.parse(text)
  } catch (cause) {
    throw new CliUsageError(`the contract ${file} is not JSON`, { cause })
  }
}
