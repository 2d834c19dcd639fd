// The service catalogue as developers read it: each directory service with its provider member,
// member class and subsystem, all taken from the signed directory document.
import type {
  CatalogueEntry,
  DirectoryDocument,
  MemberEntry,
  SubsystemEntry,
} from '../../gateway/directory/index.js'
import { memberOf, parseServiceId, subsystemOf } from '../../gateway/identifiers/index.js'

export interface CatalogueService {
  entry: CatalogueEntry
  serviceCode: string
  /** `KG/GOV/70000001/population` */
  subsystemId: string
  subsystem?: SubsystemEntry
  member?: MemberEntry
  memberClass: { code: string; description?: string }
}

/** Every service of the directory, ordered by provider member then service id. */
export function catalogueServices(doc: DirectoryDocument): CatalogueService[] {
  return doc.services
    .flatMap((entry) => {
      const service = describeService(doc, entry)
      return service ? [service] : []
    })
    .sort((a, b) => a.entry.id.localeCompare(b.entry.id))
}

/** The directory's service with this id, or undefined (malformed or not in the catalogue). */
export function findService(doc: DirectoryDocument, id: string): CatalogueService | undefined {
  if (!parseServiceId(id)) return undefined
  const entry = doc.services.find((s) => s.id === id)
  return entry && describeService(doc, entry)
}

/** A member class's description from the directory (`GOV` → "Government agencies"). */
export function classOf(doc: DirectoryDocument, memberId: string) {
  const code = memberId.split('/')[1] ?? ''
  return { code, description: doc.memberClasses.find((c) => c.code === code)?.description }
}

function describeService(
  doc: DirectoryDocument,
  entry: CatalogueEntry,
): CatalogueService | undefined {
  const id = parseServiceId(entry.id)
  if (!id) return undefined
  const memberId = memberOf(entry.id)
  const member = doc.members.find((m) => m.id === memberId)
  return {
    entry,
    serviceCode: id.serviceCode,
    subsystemId: subsystemOf(entry.id),
    subsystem: member?.subsystems.find((s) => s.code === id.subsystemCode),
    member,
    memberClass: classOf(doc, memberId),
  }
}
