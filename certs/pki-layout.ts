// The shape of a federation's PKI: which members, gateway nodes and client subsystems get material.
import { isValidIdentifierPart, parseMemberId } from '../gateway/identifiers/index.js'

export interface PkiNodeLayout {
  /** Node code: `gw1`. */
  code: string
  /** SAN entries; `localhost`, `127.0.0.1` and `::1` when absent. */
  hostnames?: string[]
}

export interface PkiMemberLayout {
  /** `KG/GOV/70000001` */
  id: string
  /** Display name, carried into the manifest for whoever builds the directory. */
  name?: string
  nodes: PkiNodeLayout[]
  /** Codes of the member's subsystems that call services and so need a client key. */
  clients: string[]
}

export interface PkiLayout {
  /** Federation (X-Road instance) code: `KG`. */
  instance: string
  members: PkiMemberLayout[]
}

/** Refuses a layout that would make ambiguous or unsafe file names (docs/design.md §9: misuse → TypeError). */
export function validatePkiLayout(layout: PkiLayout): void {
  if (!layout || !isValidIdentifierPart(layout.instance)) {
    throw new TypeError('PKI layout: instance must be a valid identifier part')
  }
  if (!Array.isArray(layout.members)) throw new TypeError('PKI layout: members must be an array')
  const memberIds = new Set<string>()
  for (const member of layout.members) {
    const id = parseMemberId(member.id)
    if (!id || id.instance !== layout.instance) {
      throw new TypeError(`PKI layout: member id must be ${layout.instance}/CLASS/CODE`)
    }
    if (memberIds.has(member.id)) throw new TypeError(`PKI layout: duplicate member ${member.id}`)
    memberIds.add(member.id)
    assertCodes(
      member.nodes?.map((n) => n.code),
      `${member.id} nodes`,
    )
    assertCodes(member.clients, `${member.id} clients`)
  }
}

function assertCodes(codes: string[] | undefined, where: string): void {
  if (!Array.isArray(codes)) throw new TypeError(`PKI layout: ${where} must be an array`)
  if (!codes.every((code) => isValidIdentifierPart(code))) {
    throw new TypeError(`PKI layout: ${where} must be valid identifier parts`)
  }
  if (new Set(codes).size !== codes.length) throw new TypeError(`PKI layout: duplicate ${where}`)
}
