// `GET /listClients`: the federation's members and subsystems from the directory (PR-META §2, JSON form).
import type { DirectoryView } from '../directory/index.js'

interface ClientEntry {
  id: {
    object_type: 'MEMBER' | 'SUBSYSTEM'
    xroad_instance: string
    member_class: string
    member_code: string
    subsystem_code?: string
  }
  name: string
}

/**
 * Lists every member and subsystem, optionally of one instance (`?xRoadInstance=`). It is public
 * federation data, already in the signed directory any party may mirror.
 */
export function listClients(
  view: DirectoryView,
  instance: string | undefined,
): { member: ClientEntry[] } {
  if (instance !== undefined && instance !== view.document.instance) return { member: [] }
  const member: ClientEntry[] = []
  for (const m of view.document.members) {
    const [xroad_instance, member_class, member_code] = m.id.split('/') as [string, string, string]
    member.push({
      id: { object_type: 'MEMBER', xroad_instance, member_class, member_code },
      name: m.name,
    })
    for (const s of m.subsystems) {
      member.push({
        id: {
          object_type: 'SUBSYSTEM',
          xroad_instance,
          member_class,
          member_code,
          subsystem_code: s.code,
        },
        name: s.name ?? m.name,
      })
    }
  }
  return { member }
}
