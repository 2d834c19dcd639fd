// Tez Mobile's citizen app: a person's fines and vehicles, and paying a fine, via its own gateway.
//
//   npx tsx sandbox/apps/operator-app.ts <pin> [--pay <fineId>] [--sandbox <file>]
import { sandboxClient, type SandboxDescription } from '../sandbox-file.js'
import { CLIENTS, SERVICES } from '../sandbox-plan.js'
import { createAppCaller, type AppCaller, type CallRecord } from './app-call.js'
import { isMain, loadSandbox, parseAppArgs, runAppCli, UsageError } from './app-cli.js'
import { fact, formatCall, terminalStyle, type Style } from './print-call.js'

export const OPERATOR_CLIENT = CLIENTS.operator

/** contracts/fines `Fine`. */
export interface Fine {
  fineId: string
  plate: string
  ownerPin: string
  offence: string
  amount: number
  currency: 'KGS'
  issuedAt: string
  location: string
  status: 'unpaid' | 'paid'
  paidAt: string | null
}

/** contracts/vehicles `Vehicle`, as far as the app shows it. */
export interface Vehicle {
  plate: string
  make: string
  model: string
  year: number
  colour: string
  status: 'registered' | 'deregistered' | 'stolen'
}

/** contracts/fines `PaymentReceipt`. */
export interface PaymentReceipt {
  paymentId: string
  fineId: string
  plate: string
  amount: number
  currency: 'KGS'
  payerReference: string
  paidAt: string
}

export interface CitizenOverview {
  pin: string
  vehicles: Vehicle[]
  fines: Fine[]
  unpaid: Fine[]
  calls: CallRecord[]
}

export interface PaymentOutcome {
  fineId: string
  amount: number
  /** The fine was paid before: nothing was sent. */
  alreadyPaid: boolean
  paidAt: string | null
  idempotencyKey: string
  receipt?: PaymentReceipt
  /** The registry replayed the receipt of an earlier request with the same key. */
  replayed: boolean
  calls: CallRecord[]
}

export interface OperatorOptions {
  onCall?: (call: CallRecord) => void
}

/** The citizen signed in to the app is the user on whose behalf it asks (`X-Road-UserId`). */
function operatorCaller(
  sandbox: SandboxDescription,
  pin: string,
  issue: string,
  options: OperatorOptions,
): AppCaller {
  return createAppCaller(sandboxClient(sandbox, OPERATOR_CLIENT), {
    userId: `KG${pin}`,
    issue,
    onCall: options.onCall,
  })
}

/**
 * A person's vehicles and fines (paid and unpaid), through the operator's own gateway only.
 *
 * @example const { unpaid } = await citizenOverview(sandbox, sandbox.demoPin)
 */
export async function citizenOverview(
  sandbox: SandboxDescription,
  pin: string,
  options: OperatorOptions = {},
): Promise<CitizenOverview> {
  const caller = operatorCaller(sandbox, pin, 'Citizen app: my vehicles and fines', options)
  const vehicles = await caller.call<{ items: Vehicle[] }>(
    SERVICES.vehicles,
    `?ownerPin=${pin}&limit=100`,
  )
  const fines = await caller.call<{ items: Fine[] }>(SERVICES.fines, `?pin=${pin}&limit=100`)
  const all = fines.body.items
  return {
    pin,
    vehicles: vehicles.body.items,
    fines: all,
    unpaid: all.filter((f) => f.status === 'unpaid'),
    calls: caller.calls,
  }
}

/** One key per fine: a retry, or a second run, can never pay the same fine twice. */
export function paymentKey(fineId: string): string {
  return `tez-pay-${fineId}`
}

/**
 * Pays a fine in full: reads it (its amount; whether it is still unpaid), then
 * `POST /{fineId}/payments` with an `Idempotency-Key` and the contract's `PaymentRequest`.
 *
 * @example const { receipt } = await payFine(sandbox, sandbox.demoPin, 'FN2024000018')
 */
export async function payFine(
  sandbox: SandboxDescription,
  pin: string,
  fineId: string,
  options: OperatorOptions = {},
): Promise<PaymentOutcome> {
  const caller = operatorCaller(sandbox, pin, `Citizen app: payment of fine ${fineId}`, options)
  const { body: fine } = await caller.call<Fine>(SERVICES.fines, `/${fineId}`)
  const idempotencyKey = paymentKey(fineId)
  const outcome = { fineId, amount: fine.amount, idempotencyKey, calls: caller.calls }
  if (fine.status === 'paid') {
    return { ...outcome, alreadyPaid: true, paidAt: fine.paidAt, replayed: false }
  }
  const paid = await caller.call<PaymentReceipt>(SERVICES.fines, `/${fineId}/payments`, {
    method: 'POST',
    headers: { 'idempotency-key': idempotencyKey },
    body: { amount: fine.amount, currency: fine.currency, payerReference: `TEZ-${fineId}` },
  })
  return {
    ...outcome,
    alreadyPaid: false,
    paidAt: paid.body.paidAt,
    receipt: paid.body,
    replayed: paid.headers['idempotent-replayed'] === 'true',
  }
}

/** The overview as the CLI and the demo print it. */
export function formatOverview(overview: CitizenOverview, style: Style): string[] {
  const lines: string[] = []
  overview.vehicles.forEach((v, i) => {
    const what = `${v.plate}  ${v.make} ${v.model} ${v.year}, ${v.colour}, ${v.status}`
    lines.push(fact(i === 0 ? 'vehicles' : '', what))
  })
  if (overview.vehicles.length === 0) lines.push(fact('vehicles', 'none registered'))
  overview.fines.forEach((f, i) => {
    const status = f.status === 'unpaid' ? style.bad('unpaid') : style.good('paid  ')
    const what = `${f.fineId}  ${String(f.amount).padStart(5)} KGS  ${status}  ${f.offence}`
    lines.push(fact(i === 0 ? 'fines' : '', what))
  })
  if (overview.fines.length === 0) lines.push(fact('fines', 'none'))
  return lines
}

/** The payment as the CLI and the demo print it. */
export function formatPayment(payment: PaymentOutcome, style: Style): string[] {
  if (payment.alreadyPaid) {
    return [fact('payment', `${payment.fineId} was already paid (${payment.paidAt}): nothing sent`)]
  }
  const r = payment.receipt!
  const again = payment.replayed ? ' (replayed: the same key was paid before)' : ''
  return [
    fact(
      'payment',
      `${payment.fineId}, ${payment.amount} KGS, Idempotency-Key ${payment.idempotencyKey}`,
    ),
    fact(
      'receipt',
      style.good(`${r.paymentId} paid ${r.paidAt}, reference ${r.payerReference}${again}`),
    ),
  ]
}

const USAGE =
  'usage: npx tsx sandbox/apps/operator-app.ts <pin> [--pay <fineId>] [--sandbox <file>]'

async function main(argv: string[]): Promise<void> {
  const args = parseAppArgs(argv, { pay: { type: 'string' } })
  const pay = args.values['pay']
  if (pay !== undefined && !/^FN[0-9]{10}$/.test(String(pay))) {
    throw new UsageError('a fine id is FN and 10 digits (FN2024000018)')
  }
  const sandbox = await loadSandbox(args.sandboxFile)
  const style = terminalStyle()
  const onCall = (call: CallRecord) => console.log(formatCall(call, style))
  const client = sandbox.clients.find((c) => c.id === OPERATOR_CLIENT)
  console.log(
    style.bold(`Tez Mobile · citizen app for ${args.pin} via its gateway ${client?.consumerUrl}`),
  )
  const overview = await citizenOverview(sandbox, args.pin, { onCall })
  for (const line of formatOverview(overview, style)) console.log(line)
  if (pay === undefined) return
  const payment = await payFine(sandbox, args.pin, String(pay), { onCall })
  for (const line of formatPayment(payment, style)) console.log(line)
}

if (isMain(import.meta.url)) await runAppCli(USAGE, () => main(process.argv.slice(2)))
