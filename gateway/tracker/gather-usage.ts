// A citizen's findUsage answer gathered from every node of the provider's member (docs/design.md §5).
import { FIND_USAGE_MAX_LIMIT, FIND_USAGE_SERVICE_CODE, type UsageRequest } from './find-usage.js'

/** The part of a findUsage answer the merge reads (`findUsage` in dumonitor-openapi-v2). */
export interface UsageAnswer {
  totalUsages: number
  usages: { logtime: string }[]
}

/** The member's nodes as the gathering sees them: this one, and the others over the federation. */
export interface UsageNodes {
  /** This node's own answer, from its own log (the data tracker's `answer`). */
  answerHere(request: UsageRequest): unknown
  /** The other nodes' own answers to `pathAndQuery`; a node that failed gives undefined. */
  askOthers(pathAndQuery: string): Promise<unknown[]>
}

/**
 * Every node logs only what it served, so a citizen's `…/v2/findUsage` list is gathered from all
 * of them: each is asked for its first offset+limit usages (at most `FIND_USAGE_MAX_LIMIT`), the
 * lists are merged newest first and the caller's page is cut from the merge; totals add up, as a
 * record lives on one node. An answer that is not a usage list is left out. The other operations
 * (`usagePeriod`, `heartbeat`) and this node's refusals are this node's answer alone.
 *
 * @example
 * const answer = await gatherUsage(request, {
 *   answerHere: (r) => tracker.answer(r),
 *   askOthers: (path) => siblings.askAll(request.subsystem, path, request.userId),
 * })
 */
export async function gatherUsage(request: UsageRequest, nodes: UsageNodes): Promise<unknown> {
  if (request.path !== '/v2/findUsage') return nodes.answerHere(request)
  const params = new URLSearchParams(request.query)
  const offset = Number(params.get('offset') ?? 0)
  const limit = Math.min(Number(params.get('limit') ?? FIND_USAGE_MAX_LIMIT), FIND_USAGE_MAX_LIMIT)
  params.set('offset', '0')
  params.set('limit', String(Math.min(offset + limit, FIND_USAGE_MAX_LIMIT)))
  const widened = { ...request, query: params.toString() }
  const own = nodes.answerHere(widened) as UsageAnswer
  const path = `/r1/${request.subsystem}/${FIND_USAGE_SERVICE_CODE}${request.path}?${widened.query}`
  const others = await nodes.askOthers(path)
  return mergeUsageAnswers([own, ...others.filter(isUsageAnswer)], offset, limit)
}

function isUsageAnswer(value: unknown): value is UsageAnswer {
  const v = value as UsageAnswer | undefined
  return typeof v?.totalUsages === 'number' && Array.isArray(v.usages)
}

/** Newest first across nodes, then the caller's page; totals add up (a record lives on one node). */
function mergeUsageAnswers(parts: UsageAnswer[], offset: number, limit: number): UsageAnswer {
  const usages = parts.flatMap((p) => p.usages).sort((a, b) => b.logtime.localeCompare(a.logtime))
  return {
    totalUsages: parts.reduce((sum, p) => sum + p.totalUsages, 0),
    usages: usages.slice(offset, offset + limit),
  }
}
