// GET /audit/evidence/{x-road-id} on the admin listener: a bundle, the matches, or an X-Road error.
import type { Logger } from 'pino'
import { errorResponse, toErrorParts, type ErrorParts } from '../lib/error-response.js'
import { GatewayError } from '../lib/errors.js'
import { isMessageId } from '../lib/ids.js'
import { buildEvidence, type BuildEvidenceOptions } from './build-evidence.js'
import { EvidenceError, type ExchangeMatch } from './evidence-bundle.js'

export interface EvidenceRequest extends Omit<BuildEvidenceOptions, 'side' | 'requestId' | 'seq'> {
  /** The query: `requestId`, `side` and `seq`, each optional and unchecked. */
  params: URLSearchParams
  logger: Logger
}

/** One match of an ambiguous lookup, with the path that fetches exactly its bundle. */
export interface ListedMatch extends ExchangeMatch {
  href: string
}

type Lookup = Pick<BuildEvidenceOptions, 'requestId' | 'side' | 'seq'>

const CODES = {
  unknown_exchange: 'client.unknown_exchange',
  not_checkpointed: 'client.evidence_pending',
  ambiguous_exchange: 'client.ambiguous_exchange',
} as const

const PARAMETERS: ReadonlySet<string> = new Set(['requestId', 'side', 'seq'])

/**
 * Answers an evidence request: 200 with the bundle of the one exchange the X-Road-Id (and
 * `requestId`, `side`, `seq`) names; 300 `client.ambiguous_exchange` listing every match the
 * caller may see when it names several, each with the path of its own bundle; 404 for none; 409
 * while no checkpoint covers it (with Retry-After); 400 for an unknown or malformed parameter,
 * so a misspelt `requestId` is never ignored (docs/protocol.md §7).
 *
 * @example app.get('/audit/evidence/:id', (c) => evidenceResponse({ ...deps, xRoadId, params }))
 */
export async function evidenceResponse(request: EvidenceRequest): Promise<Response> {
  const { params, logger, ...rest } = request
  const lookup = parseLookup(params)
  try {
    const bundle = await buildEvidence({ ...rest, ...lookup })
    return Response.json(bundle)
  } catch (error) {
    if (!(error instanceof EvidenceError)) throw error
    const parts = toErrorParts(
      new GatewayError(CODES[error.code], { cause: error }),
      'client.bad_request',
      logger,
    )
    if (error.code === 'ambiguous_exchange') {
      return errorResponse(withMatches(parts, listMatches(rest.xRoadId, error.matches), error.more))
    }
    const retry: Record<string, string> =
      error.code === 'not_checkpointed' ? { 'retry-after': '1' } : {}
    return errorResponse(parts, retry)
  }
}

/** The lookup's further ids, each at most once and well formed; anything else is a 400. */
function parseLookup(params: URLSearchParams): Lookup {
  for (const key of params.keys()) {
    if (!PARAMETERS.has(key)) throw bad('the parameters are requestId, side and seq')
    if (params.getAll(key).length > 1) throw bad('each parameter may be given once')
  }
  const requestId = params.get('requestId') ?? undefined
  if (requestId !== undefined && !isMessageId(requestId)) {
    throw bad('requestId must be 1-128 printable ASCII characters without spaces')
  }
  const side = params.get('side') ?? undefined
  if (side !== undefined && side !== 'consumer' && side !== 'provider') {
    throw bad('side must be consumer or provider')
  }
  const seq = params.get('seq') ?? undefined
  if (seq !== undefined && !/^[1-9][0-9]{0,14}$/.test(seq)) throw bad('seq must be a record number')
  return { requestId, side, seq: seq === undefined ? undefined : Number(seq) }
}

/**
 * Each match with the path of its bundle: its request id and side, and its seq too when another
 * listed match shares both (a peer may send one request id twice; only the seq tells them apart).
 */
export function listMatches(xRoadId: string, matches: readonly ExchangeMatch[]): ListedMatch[] {
  const key = (m: ExchangeMatch) => `${m.side} ${m.requestId}`
  const counts = new Map<string, number>()
  for (const m of matches) counts.set(key(m), (counts.get(key(m)) ?? 0) + 1)
  return matches.map((m) => {
    const query = new URLSearchParams({ requestId: m.requestId })
    if (m.side !== 'admin') query.set('side', m.side)
    if (m.side === 'admin' || counts.get(key(m))! > 1) query.set('seq', String(m.seq))
    return { ...m, href: `/audit/evidence/${encodeURIComponent(xRoadId)}?${query}` }
  })
}

/** The X-Road error body with the list beside `type`, `message` and `detail`. */
function withMatches(parts: ErrorParts, matches: ListedMatch[], more: boolean): ErrorParts {
  const body = { ...(JSON.parse(parts.body) as object), matches, more }
  return { ...parts, body: JSON.stringify(body) }
}

function bad(message: string): GatewayError {
  return new GatewayError('client.bad_request', { message })
}
