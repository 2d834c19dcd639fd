// GET /audit/evidence/{x-road-id} on the admin listener: a bundle, or an X-Road error body.
import type { Logger } from 'pino'
import { errorResponse, toErrorParts } from '../lib/error-response.js'
import { GatewayError } from '../lib/errors.js'
import { buildEvidence, type BuildEvidenceOptions } from './build-evidence.js'
import { EvidenceError } from './evidence-bundle.js'

export interface EvidenceRequest extends Omit<BuildEvidenceOptions, 'side'> {
  /** The `side` query parameter, unchecked. */
  side: string | undefined
  logger: Logger
}

const CODES = {
  unknown_exchange: 'client.unknown_exchange',
  not_checkpointed: 'client.evidence_pending',
} as const

/**
 * Answers an evidence request: 200 with the bundle, 404 for an exchange unknown (or invisible)
 * to the caller, 409 while no checkpoint covers it yet (with Retry-After), 400 for a bad side.
 *
 * @example app.get('/audit/evidence/:id', (c) => evidenceResponse({ ...deps, xRoadId, side }))
 */
export async function evidenceResponse(request: EvidenceRequest): Promise<Response> {
  const { side, logger, ...rest } = request
  if (side !== undefined && side !== 'consumer' && side !== 'provider') {
    throw new GatewayError('client.bad_request', { message: 'side must be consumer or provider' })
  }
  try {
    const bundle = await buildEvidence({ ...rest, side })
    return Response.json(bundle)
  } catch (error) {
    if (!(error instanceof EvidenceError)) throw error
    const parts = toErrorParts(
      new GatewayError(CODES[error.code], { cause: error }),
      'client.bad_request',
      logger,
    )
    const retry: Record<string, string> =
      error.code === 'not_checkpointed' ? { 'retry-after': '1' } : {}
    return errorResponse(parts, retry)
  }
}
