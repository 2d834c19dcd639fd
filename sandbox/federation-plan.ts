// A declarative description of a federation: members, their nodes, services and grants.
import type { Grant } from '../gateway/access/index.js'

export interface PlanNode {
  code: string
  host?: string
  consumerPort: number
  federationPort: number
  adminPort: number
}

export interface PlanService {
  /** `KG/GOV/70000001/population/persons` */
  id: string
  title: string
  /** The registry backend's base URL. */
  url: string
  /** Name of the contract in `contracts/`, when the service has one. */
  contract?: string
  /** A contract file outside `contracts/` (tests, third-party registries). */
  contractFile?: string
  validation?: 'off' | 'request' | 'request+response'
  disabledNotice?: string
  rateLimit?: { requests: number; windowSeconds: number }
  timeoutMs?: number
  maxBodyBytes?: number
}

export interface PlanMember {
  id: string
  name: string
  nodes: PlanNode[]
  subsystems: { code: string; name?: string; client?: boolean }[]
  services: PlanService[]
  grants: Grant[]
}

export interface FederationPlan {
  instance: string
  memberClasses: { code: string; description: string }[]
  members: PlanMember[]
  /** How long a signed directory stays valid, seconds. */
  directoryValiditySeconds: number
}

export const MEMBER_CLASSES = [
  { code: 'GOV', description: 'Government agencies' },
  { code: 'COM', description: 'Commercial companies' },
  { code: 'NGO', description: 'Non-governmental organisations' },
]
