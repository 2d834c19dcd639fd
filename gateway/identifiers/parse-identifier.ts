// Parse, validate and format X-Road identifiers: members, subsystems, services and gateway nodes.
import { GatewayError } from '../lib/errors.js'

/**
 * One identifier part in X-Road's character set: `A-Z a-z 0-9 ' ( ) + , - . = ?`, 1 to 255 of them
 * (REST protocol §4.3). The source text, so a JSON Schema pattern can state the same rule.
 */
export const IDENTIFIER_PART_PATTERN = "[A-Za-z0-9'()+,\\-.=?]{1,255}"

const PART = new RegExp(`^${IDENTIFIER_PART_PATTERN}$`)

export interface MemberId {
  instance: string
  memberClass: string
  memberCode: string
}

export interface SubsystemId extends MemberId {
  subsystemCode: string
}

export interface ServiceId extends SubsystemId {
  serviceCode: string
}

export interface NodeId extends MemberId {
  nodeCode: string
}

export function isValidIdentifierPart(part: string): boolean {
  return PART.test(part)
}

/** Splits `A/B/C…` into exactly `count` valid parts, or returns undefined. */
export function splitIdentifier(value: string, count: number): string[] | undefined {
  const parts = value.split('/')
  if (parts.length !== count || !parts.every(isValidIdentifierPart)) return undefined
  return parts
}

export function parseMemberId(value: string): MemberId | undefined {
  const p = splitIdentifier(value, 3)
  return p && { instance: p[0]!, memberClass: p[1]!, memberCode: p[2]! }
}

export function parseSubsystemId(value: string): SubsystemId | undefined {
  const p = splitIdentifier(value, 4)
  return p && { instance: p[0]!, memberClass: p[1]!, memberCode: p[2]!, subsystemCode: p[3]! }
}

export function parseServiceId(value: string): ServiceId | undefined {
  const p = splitIdentifier(value, 5)
  return (
    p && {
      instance: p[0]!,
      memberClass: p[1]!,
      memberCode: p[2]!,
      subsystemCode: p[3]!,
      serviceCode: p[4]!,
    }
  )
}

export function parseNodeId(value: string): NodeId | undefined {
  const p = splitIdentifier(value, 4)
  return p && { instance: p[0]!, memberClass: p[1]!, memberCode: p[2]!, nodeCode: p[3]! }
}

/**
 * Parses the `X-Road-Client` header: `INSTANCE/CLASS/MEMBER/SUBSYSTEM`. kopuro's callers are
 * always subsystems, so a bare member is refused.
 */
export function parseClientHeader(value: string | undefined | null): SubsystemId {
  const id = value ? parseSubsystemId(value) : undefined
  if (!id) throw new GatewayError('client.invalid_client_identifier')
  return id
}

export function formatMemberId(id: MemberId): string {
  return `${id.instance}/${id.memberClass}/${id.memberCode}`
}

export function formatSubsystemId(id: SubsystemId): string {
  return `${formatMemberId(id)}/${id.subsystemCode}`
}

export function formatServiceId(id: ServiceId): string {
  return `${formatSubsystemId(id)}/${id.serviceCode}`
}

export function formatNodeId(id: NodeId): string {
  return `${formatMemberId(id)}/${id.nodeCode}`
}

/** The member part (`INSTANCE/CLASS/MEMBER`) of any longer identifier string. */
export function memberOf(id: string): string {
  return id.split('/', 3).join('/')
}

/** The subsystem part (`INSTANCE/CLASS/MEMBER/SUBSYSTEM`) of a service identifier string. */
export function subsystemOf(serviceId: string): string {
  return serviceId.split('/', 4).join('/')
}
