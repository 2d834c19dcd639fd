// Verifies a node's message log in the console process, with the log key the sandbox published.
import type { JWK } from 'jose'
import { verifyAuditLog, type VerifyLogResult } from '../../../gateway/audit/index.js'
import type { SandboxGateway } from '../../sandbox-file.js'

export type NodeVerification =
  { node: string; result: VerifyLogResult } | { node: string; error: string }

/**
 * Runs the offline verifier over `gateway.auditDir`: hash chain, sequence, head, Merkle roots
 * and checkpoint signatures under the node's own log key. Never throws.
 *
 * @example const { result } = await verifyNodeLog(node)
 */
export async function verifyNodeLog(gateway: SandboxGateway): Promise<NodeVerification> {
  try {
    const result = await verifyAuditLog(gateway.auditDir, { logKey: gateway.logPublicKey as JWK })
    return { node: gateway.node, result }
  } catch (e) {
    return { node: gateway.node, error: `the log could not be read (${(e as Error).message})` }
  }
}
