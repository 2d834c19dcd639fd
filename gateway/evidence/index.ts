// Public face of the evidence stage: per-exchange evidence bundles, built and verified offline.
export { buildEvidence, type BuildEvidenceOptions } from './build-evidence.js'
export {
  evidenceResponse,
  listMatches,
  type EvidenceRequest,
  type ListedMatch,
} from './evidence-response.js'
export { verifyEvidence } from './verify-evidence.js'
export type { VerifyEvidenceOptions, VerifyEvidenceResult } from './verify-evidence.js'
export type { EvidenceCheck } from './check-signature.js'
export {
  EVIDENCE_VERSION,
  EvidenceError,
  type EvidenceBundle,
  type EvidenceErrorCode,
  type EvidenceKey,
  type ExchangeMatch,
} from './evidence-bundle.js'
