// The state portal asks every provider's data tracker who used a person's data, and merges.
import type { UsageItem } from '../../../gateway/tracker/index.js'
import type { SandboxDescription } from '../../sandbox-file.js'
import type { ConsoleContext } from '../context.js'

/** The portal's information system: it authenticates the citizen and asks on their behalf. */
export const PORTAL_CLIENT = 'KG/GOV/70000006/portal'

/** One usage, with the provider subsystem whose data tracker reported it. */
export interface PersonUsage extends UsageItem {
  provider: string
}

export interface PersonUsages {
  usages: PersonUsage[]
  /** Providers that did not answer, with why (the gateway's X-Road error code and message). */
  unavailable: { provider: string; reason: string }[]
  /** Every provider subsystem asked. */
  asked: string[]
}

/** The provider subsystems of the sandbox: the subsystems of every published service. */
export function providerSubsystems(sandbox: SandboxDescription): string[] {
  const ids = sandbox.members.flatMap((m) => m.services.map((s) => s.id))
  return [...new Set(ids.map((id) => id.split('/').slice(0, 4).join('/')))]
}

/**
 * Asks each provider subsystem's `findUsage/v2/findUsage?userCode=KG{pin}` through the portal's
 * own gateway with `X-Road-UserId: KG{pin}` (the data-tracker protocol), all at once; merges the
 * answers newest first. A provider that fails is listed as unavailable, the others still count.
 *
 * @example const { usages, unavailable } = await findPersonUsages(ctx, '22905199138381')
 */
export async function findPersonUsages(ctx: ConsoleContext, pin: string): Promise<PersonUsages> {
  const providers = providerSubsystems(await ctx.sandbox())
  const portal = await ctx.client(PORTAL_CLIENT)
  type Answer = { provider: string; usages: PersonUsage[] } | { provider: string; reason: string }
  const answers = await Promise.all(
    providers.map(async (provider): Promise<Answer> => {
      try {
        const res = await portal.call(`${provider}/findUsage/v2/findUsage?userCode=KG${pin}`, {
          userId: `KG${pin}`,
        })
        const body = res.json as { usages?: UsageItem[]; message?: string } | undefined
        if (res.status === 200 && Array.isArray(body?.usages)) {
          return { provider, usages: body.usages.map((u) => ({ ...u, provider })) }
        }
        const code = res.headers['x-road-error'] ?? `HTTP ${res.status}`
        return { provider, reason: body?.message ? `${code}: ${body.message}` : code }
      } catch (e) {
        return { provider, reason: `could not be asked (${(e as Error).message})` }
      }
    }),
  )
  const usages: PersonUsage[] = []
  const unavailable: PersonUsages['unavailable'] = []
  for (const a of answers) {
    if ('usages' in a) usages.push(...a.usages)
    else unavailable.push(a)
  }
  usages.sort((a, b) => b.logtime.localeCompare(a.logtime))
  return { usages, unavailable, asked: providers }
}
