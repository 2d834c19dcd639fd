// The scripted demo: a bank and a mobile operator serve one citizen, each through its own gateway;
// the bank's gateway goes down and the operator's app carries on.
//
//   npm run demo [-- --sandbox <file>]
import { parseArgs } from 'node:util'
import { AppCallError, type CallRecord } from './apps/app-call.js'
import { APP_EXIT, isMain } from './apps/app-cli.js'
import { BANK_CLIENT, checkCustomer, formatKycReport, type KycReport } from './apps/bank-kyc.js'
import {
  citizenOverview,
  formatOverview,
  formatPayment,
  OPERATOR_CLIENT,
  payFine,
  type CitizenOverview,
  type PaymentOutcome,
} from './apps/operator-app.js'
import { createStyle, fact, formatCall, terminalStyle, type Style } from './apps/print-call.js'
import { controlProcess } from './control-api.js'
import { DEFAULT_SANDBOX_FILE, readSandboxFile, type SandboxDescription } from './sandbox-file.js'
import { gatewayProcessName } from './sandbox-plan.js'

export interface DemoResult {
  pin: string
  /** The bank's gateway node that the demo stops and starts again. */
  bankGateway: string
  kyc: KycReport
  overview: CitizenOverview
  /** Undefined when the citizen had no unpaid fine left. */
  payment?: PaymentOutcome
  outage: {
    /** How the bank's app failed while its own gateway was down. */
    bank: { code: string; message: string }
    operator: CitizenOverview
  }
  recovered: KycReport
}

export interface DemoOptions {
  style?: Style
}

/** What every step needs: where to print, how, and which gateway process to stop. */
interface DemoContext {
  sandbox: SandboxDescription
  pin: string
  out: (line: string) => void
  style: Style
  onCall: (call: CallRecord) => void
  bankGateway: string
  processName: string
}

/**
 * Runs the four steps against a running sandbox and prints them through `out`. Stops the bank's
 * gateway in step 3 and always starts it again, also when a step fails.
 *
 * @example const result = await runDemo(await readSandboxFile(), console.log)
 *          result.outage.bank.code // 'ECONNREFUSED'
 */
export async function runDemo(
  sandbox: SandboxDescription,
  out: (line: string) => void = console.log,
  options: DemoOptions = {},
): Promise<DemoResult> {
  const style = options.style ?? createStyle(false)
  const bankGateway = gatewayOf(sandbox, BANK_CLIENT)
  const ctx: DemoContext = {
    sandbox,
    pin: sandbox.demoPin,
    out,
    style,
    onCall: (call) => out(formatCall(call, style)),
    bankGateway,
    processName: gatewayProcessName(bankGateway),
  }
  out(style.bold(`kopuro demo · one citizen (${ctx.pin}), two operators, the same rules`))
  out(style.dim('each call: status, method, service, X-Road-Id, and "signed ✓" when the'))
  out(style.dim("agency's signature on the answer was verified by the app's own gateway"))
  // A demo interrupted in step 3 leaves the bank's gateway stopped; start is a no-op otherwise.
  await controlProcess(sandbox.control, 'start', ctx.processName)
  const kyc = await bankStep(ctx)
  const { overview, payment } = await operatorStep(ctx)
  const outage = await outageStep(ctx)
  const recovered = await recoveryStep(ctx)
  out('')
  out(style.bold('Equal access: both operators reach the same registries under the same rules,'))
  out(style.bold('each through its own gateway. One of them going down left the citizen served:'))
  out(style.bold('no single operator is the door citizens depend on.'))
  return { pin: ctx.pin, bankGateway, kyc, overview, payment, outage, recovered }
}

function title(ctx: DemoContext, text: string): void {
  ctx.out(`\n${ctx.style.bold(text)}`)
}

async function bankStep(ctx: DemoContext): Promise<KycReport> {
  const url = consumerUrl(ctx.sandbox, BANK_CLIENT)
  title(ctx, `[1/4] Ala-Too Bank's KYC app, through its own gateway ${url}`)
  const kyc = await checkCustomer(ctx.sandbox, ctx.pin, { onCall: ctx.onCall })
  for (const line of formatKycReport(kyc, ctx.style)) ctx.out(line)
  return kyc
}

/** The first unpaid fine is paid; on a later run there is none left, and nothing is sent. */
async function operatorStep(ctx: DemoContext) {
  const url = consumerUrl(ctx.sandbox, OPERATOR_CLIENT)
  title(ctx, `[2/4] Tez Mobile's citizen app, same citizen, through its own gateway ${url}`)
  const overview = await citizenOverview(ctx.sandbox, ctx.pin, { onCall: ctx.onCall })
  for (const line of formatOverview(overview, ctx.style)) ctx.out(line)
  const fine = overview.unpaid[0]
  if (fine === undefined) {
    ctx.out(fact('payment', 'no unpaid fine left: nothing to pay'))
    return { overview, payment: undefined }
  }
  const payment = await payFine(ctx.sandbox, ctx.pin, fine.fineId, { onCall: ctx.onCall })
  for (const line of formatPayment(payment, ctx.style)) ctx.out(line)
  return { overview, payment }
}

async function outageStep(ctx: DemoContext): Promise<DemoResult['outage']> {
  title(ctx, `[3/4] The bank's gateway ${ctx.bankGateway} goes down`)
  try {
    await controlProcess(ctx.sandbox.control, 'stop', ctx.processName)
    ctx.out(fact('stopped', `${ctx.processName} (control API)`))
    return await duringOutage(ctx)
  } catch (e) {
    await controlProcess(ctx.sandbox.control, 'start', ctx.processName).catch(() => undefined)
    throw e
  }
}

/** The bank's app must fail on its own gateway; the operator's must not notice. */
async function duringOutage(ctx: DemoContext): Promise<DemoResult['outage']> {
  const { sandbox, pin, out, onCall, style } = ctx
  let bank: DemoResult['outage']['bank'] | undefined
  try {
    await checkCustomer(sandbox, pin, { onCall })
  } catch (e) {
    if (!(e instanceof AppCallError) || e.call.errorKind !== 'network') throw e
    bank = { code: e.code, message: e.message }
  }
  if (bank === undefined) throw new Error("the bank's app still worked with its gateway stopped")
  out(fact('bank', style.bad(`✗ ${bank.message}`)))
  const operator = await citizenOverview(sandbox, pin, { onCall })
  const { vehicles, fines, unpaid } = operator
  const still = `${vehicles.length} vehicles, ${fines.length} fines (${unpaid.length} unpaid)`
  out(fact('operator', style.good(`✓ still works: ${still}`)))
  return { bank, operator }
}

async function recoveryStep(ctx: DemoContext): Promise<KycReport> {
  title(ctx, `[4/4] The bank's gateway comes back`)
  await controlProcess(ctx.sandbox.control, 'start', ctx.processName)
  ctx.out(fact('started', `${ctx.processName}, ready`))
  const recovered = await checkCustomer(ctx.sandbox, ctx.pin, { onCall: ctx.onCall })
  ctx.out(fact('bank', ctx.style.good(`✓ works again: KYC ${recovered.verdict.outcome}`)))
  return recovered
}

/** The gateway node a client calls through (its member's first node). */
function gatewayOf(sandbox: SandboxDescription, clientId: string): string {
  const member = clientId.split('/').slice(0, 3).join('/')
  const node = sandbox.gateways.find((g) => g.memberId === member)
  if (!node) throw new Error(`no gateway of ${member} in the sandbox`)
  return node.node
}

function consumerUrl(sandbox: SandboxDescription, clientId: string): string {
  return sandbox.clients.find((c) => c.id === clientId)?.consumerUrl ?? '?'
}

/** The supervisor's control API answers while the sandbox runs. */
async function isRunning(sandbox: SandboxDescription): Promise<boolean> {
  try {
    const res = await fetch(`${sandbox.control.url}/processes`, {
      headers: { authorization: `Bearer ${sandbox.control.token}` },
      signal: AbortSignal.timeout(3000),
    })
    await res.body?.cancel()
    return res.ok
  } catch {
    return false
  }
}

const USAGE = 'usage: npm run demo [-- --sandbox <file>]'

async function main(argv: string[]): Promise<number> {
  let file: string
  try {
    const { values } = parseArgs({
      args: argv,
      options: { sandbox: { type: 'string', default: DEFAULT_SANDBOX_FILE } },
    })
    file = values.sandbox
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`)
    return APP_EXIT.USAGE
  }
  let sandbox: SandboxDescription
  try {
    sandbox = await readSandboxFile(file)
  } catch (e) {
    console.error((e as Error).message)
    return APP_EXIT.USAGE
  }
  if (!(await isRunning(sandbox))) {
    console.error(`the sandbox described in ${file} is not running: start it with npm start`)
    return APP_EXIT.USAGE
  }
  try {
    await runDemo(sandbox, console.log, { style: terminalStyle() })
    return APP_EXIT.OK
  } catch (e) {
    const code = e instanceof AppCallError ? ` (${e.code})` : ''
    console.error(`\ndemo failed: ${(e as Error).message}${code}`)
    return APP_EXIT.CALL_FAILED
  }
}

if (isMain(import.meta.url)) process.exitCode = await main(process.argv.slice(2))
