// Ala-Too Bank's KYC check: identity, businesses and unpaid fines of one customer, via its gateway.
//
//   npx tsx sandbox/apps/bank-kyc.ts <pin> [--sandbox <file>]
import { sandboxClient, type SandboxDescription } from '../sandbox-file.js'
import { CLIENTS, SERVICES } from '../sandbox-plan.js'
import { AppCallError, createAppCaller, type CallRecord } from './app-call.js'
import { isMain, loadSandbox, parseAppArgs, runAppCli } from './app-cli.js'
import { kycVerdict, type KycFacts, type KycVerdict } from './kyc-verdict.js'
import { fact, formatCall, terminalStyle, type Style } from './print-call.js'

export const BANK_CLIENT = CLIENTS.bank

/** The bank officer on whose behalf the check runs (`X-Road-UserId`: country, officer code). */
export const BANK_OFFICER = 'KG00417'

/** contracts/population `Person`, as far as the bank reads it. */
export interface Person {
  pin: string
  lastName: string
  firstName: string
  patronymic: string | null
  dateOfBirth: string
  placeOfBirth: string
  citizenship: string
  status: 'alive' | 'deceased'
}

/** contracts/population `PersonAddress`. */
export interface PersonAddress {
  region: string
  city: string
  street: string
  house: string
  apartment?: string
  registeredSince: string
}

/** contracts/businesses `BusinessSummary`, with `TaxStatus.status` for active ones. */
export interface CustomerBusiness {
  tin: string
  name: string
  legalForm: 'LLC' | 'JSC' | 'IE'
  status: 'active' | 'liquidated' | 'suspended'
  taxStatus?: 'good-standing' | 'arrears' | 'blocked'
}

/** contracts/fines `Fine`, as far as the bank reads it. */
export interface UnpaidFine {
  fineId: string
  amount: number
  offence: string
}

export interface KycReport {
  pin: string
  officer: string
  /** `X-Road-Issue` of every call: the purpose the citizen's data tracker shows. */
  issue: string
  /** Undefined when the population register does not know the PIN. */
  person?: Person
  address?: PersonAddress
  businesses: CustomerBusiness[]
  unpaidFines: UnpaidFine[]
  verdict: KycVerdict
  calls: CallRecord[]
}

export interface KycOptions {
  officer?: string
  now?: () => Date
  onCall?: (call: CallRecord) => void
}

/**
 * Checks a customer for an account opening through the bank's own gateway only, with the
 * officer and the case on every call, and weighs the answers with `kycVerdict`.
 *
 * @example const report = await checkCustomer(sandbox, sandbox.demoPin)
 *          report.verdict.outcome // 'approved'
 */
export async function checkCustomer(
  sandbox: SandboxDescription,
  pin: string,
  options: KycOptions = {},
): Promise<KycReport> {
  const today = (options.now?.() ?? new Date()).toISOString().slice(0, 10)
  const officer = options.officer ?? BANK_OFFICER
  const issue = kycIssue(pin, today)
  const caller = createAppCaller(sandboxClient(sandbox, BANK_CLIENT), {
    userId: officer,
    issue,
    onCall: options.onCall,
  })
  const get: Get = async <T>(service: string, path: string) =>
    (await caller.call<T>(service, path)).body

  const person = await findPerson(() => get<Person>(SERVICES.persons, `/${pin}`))
  const base = { pin, officer, issue, person, calls: caller.calls }
  if (person === undefined) {
    const facts = { pin, unpaidFines: [], businesses: [], today }
    return { ...base, businesses: [], unpaidFines: [], verdict: kycVerdict(facts) }
  }
  const address = await get<PersonAddress>(SERVICES.persons, `/${pin}/address`)
  const businesses = await businessesOf(get, pin)
  const fines = await get<Page<UnpaidFine>>(SERVICES.fines, `?pin=${pin}&status=unpaid&limit=100`)
  const unpaidFines = fines.items.map(({ fineId, amount, offence }) => ({
    fineId,
    amount,
    offence,
  }))
  const facts: KycFacts = { pin, person, address, unpaidFines, businesses, today }
  return { ...base, address, businesses, unpaidFines, verdict: kycVerdict(facts) }
}

type Get = <T>(service: string, path: string) => Promise<T>
type Page<T> = { items: T[] }

/** Businesses the person directs or founded; the tax service's status of each active one. */
async function businessesOf(get: Get, pin: string): Promise<CustomerBusiness[]> {
  const found = await get<Page<CustomerBusiness>>(
    SERVICES.businesses,
    `?directorPin=${pin}&limit=100`,
  )
  const businesses: CustomerBusiness[] = []
  for (const { tin, name, legalForm, status } of found.items) {
    const business: CustomerBusiness = { tin, name, legalForm, status }
    if (status === 'active') {
      const tax = await get<{ status: CustomerBusiness['taxStatus'] }>(
        SERVICES.businesses,
        `/${tin}/tax-status`,
      )
      business.taxStatus = tax.status
    }
    businesses.push(business)
  }
  return businesses
}

/** The case the officer works on, `X-Road-Issue`: `Account opening, case KYC-20250102-8381`. */
export function kycIssue(pin: string, today: string): string {
  return `Account opening, case KYC-${today.replaceAll('-', '')}-${pin.slice(-4)}`
}

/** A PIN the register does not know is an answer for the verdict, not a failed call. */
async function findPerson(get: () => Promise<Person>): Promise<Person | undefined> {
  try {
    return await get()
  } catch (e) {
    if (e instanceof AppCallError && e.call.status === 404) return undefined
    throw e
  }
}

/** The report as the CLI and the demo print it (calls are printed as they happen). */
export function formatKycReport(report: KycReport, style: Style): string[] {
  const { person, address, verdict } = report
  const lines: string[] = []
  if (person) {
    const name = [person.lastName, person.firstName, person.patronymic].filter(Boolean).join(' ')
    const born = `born ${person.dateOfBirth} in ${person.placeOfBirth}`
    lines.push(fact('identity', `${name}, ${born}, ${person.citizenship}, ${person.status}`))
  }
  if (address) {
    const flat = address.apartment ? `, apt ${address.apartment}` : ''
    const where = `${address.street} ${address.house}${flat}, ${address.city}`
    lines.push(fact('address', `${where} (since ${address.registeredSince})`))
  }
  if (person) {
    const active = report.businesses.filter((b) => b.status === 'active')
    lines.push(
      fact(
        'businesses',
        `${report.businesses.length} as director or founder, ${active.length} active`,
      ),
    )
    for (const b of active) lines.push(fact('', `${b.name} ${b.tin}, tax ${b.taxStatus}`))
    const fines = report.unpaidFines.map((f) => `${f.fineId} ${f.amount} KGS`).join(', ')
    lines.push(fact('fines', fines ? `unpaid ${fines}` : 'none unpaid'))
  }
  const mark = { approved: style.good, review: style.bold, refused: style.bad }[verdict.outcome]
  lines.push(fact('verdict', mark(verdict.outcome.toUpperCase())))
  for (const f of verdict.findings) {
    const sign = f.level === 'ok' ? style.good('✓') : style.bad(f.level === 'review' ? '?' : '✗')
    lines.push(fact('', `${sign} ${f.text}`))
  }
  return lines
}

const USAGE = 'usage: npx tsx sandbox/apps/bank-kyc.ts <pin> [--sandbox <file>]'

async function main(argv: string[]): Promise<void> {
  const args = parseAppArgs(argv)
  const sandbox = await loadSandbox(args.sandboxFile)
  const style = terminalStyle()
  const client = sandbox.clients.find((c) => c.id === BANK_CLIENT)
  const issue = kycIssue(args.pin, new Date().toISOString().slice(0, 10))
  console.log(
    style.bold(`Ala-Too Bank · KYC of ${args.pin} via its gateway ${client?.consumerUrl}`),
  )
  console.log(fact('asked as', `${BANK_OFFICER}, "${issue}"`))
  const report = await checkCustomer(sandbox, args.pin, {
    onCall: (call) => console.log(formatCall(call, style)),
  })
  for (const line of formatKycReport(report, style)) console.log(line)
}

if (isMain(import.meta.url)) await runAppCli(USAGE, () => main(process.argv.slice(2)))
