// The sandbox federation: five agencies publishing registries, four consumers, realistic grants.
import type { Grant } from '../gateway/access/index.js'
import { MEMBER_CLASSES, type FederationPlan, type PlanNode } from './federation-plan.js'

export const SANDBOX_PORT_BASE = 4700

/**
 * The sandbox's own listeners around the members' slots: the console (base), the directory
 * authority and its mirror (docs/design.md §3: gateways poll both, in this order), and the supervisor's
 * control API.
 */
export function sandboxUrls(base = SANDBOX_PORT_BASE) {
  return {
    console: `http://127.0.0.1:${base}`,
    authority: `http://127.0.0.1:${base + 6}`,
    mirror: `http://127.0.0.1:${base + 7}`,
    control: `http://127.0.0.1:${base + 8}`,
  }
}

/** The supervisor's name for a gateway node's process (the control API takes it). */
export function gatewayProcessName(nodeId: string): string {
  return `gateway ${nodeId}`
}

export interface RegistryProcess {
  name: string
  /** Module that starts the registry; it reads PORT from the environment. */
  module: string
  port: number
}

const REGISTRIES = [
  ['population', 'services/population/server.ts'],
  ['vehicles', 'services/vehicles/server.ts'],
  ['fines', 'services/fines/server.ts'],
  ['businesses', 'services/businesses/server.ts'],
  ['documents', 'services/documents/server.ts'],
] as const

export function sandboxRegistries(base = SANDBOX_PORT_BASE): RegistryProcess[] {
  return REGISTRIES.map(([name, module], i) => ({
    name: `${name}-registry`,
    module,
    port: base + 1 + i,
  }))
}

/** Member slot `i` gets ports base+10i+1… for consumer, federation and admin of node gw1 (+3 for gw2). */
function nodes(base: number, slot: number, count = 1): PlanNode[] {
  return Array.from({ length: count }, (_, n) => ({
    code: `gw${n + 1}`,
    consumerPort: base + 10 * slot + 1 + 3 * n,
    federationPort: base + 10 * slot + 2 + 3 * n,
    adminPort: base + 10 * slot + 3 + 3 * n,
  }))
}

const GET = (...paths: string[]) => paths.map((path) => ({ method: 'GET', path }))

export const SERVICES = {
  persons: 'KG/GOV/70000001/population/persons',
  vehicles: 'KG/GOV/70000002/transport/vehicles',
  licences: 'KG/GOV/70000002/transport/licences',
  fines: 'KG/GOV/70000003/traffic/fines',
  businesses: 'KG/GOV/70000004/tax/businesses',
  certificates: 'KG/GOV/70000005/civil/certificates',
} as const

export const CLIENTS = {
  bank: 'KG/COM/10000001/kyc-app',
  operator: 'KG/COM/10000002/citizen-app',
  watchdog: 'KG/NGO/20000001/watch-app',
  portal: 'KG/GOV/70000006/portal',
  police: 'KG/GOV/70000003/police-app',
} as const

/**
 * Who may call what. Equal rules for every member class: a grant names a subsystem, never a class.
 * The bank checks identity, addresses, businesses and fines (not vehicles); the mobile operator's
 * citizen app shows a person's fines and vehicles and pays fines; the police read persons and
 * transport; the watchdog reads public business data; the state portal reads and issues most.
 */
function grants(): Record<string, Grant[]> {
  const { persons, vehicles, licences, fines, businesses, certificates } = SERVICES
  const { bank, operator, watchdog, portal, police } = CLIENTS
  return {
    population: [
      { subject: bank, service: persons, endpoints: GET('/*', '/*/address') },
      { subject: operator, service: persons, endpoints: GET('/*') },
      { subject: police, service: persons, endpoints: GET('/', '/*', '/*/address') },
      { subject: portal, service: persons },
    ],
    transport: [
      { subject: operator, service: vehicles, endpoints: GET('/', '/*') },
      { subject: operator, service: licences, endpoints: GET('/*') },
      { subject: police, service: vehicles },
      { subject: police, service: licences },
      { subject: portal, service: vehicles, endpoints: GET('/', '/*') },
      { subject: portal, service: licences, endpoints: GET('/*') },
    ],
    traffic: [
      { subject: bank, service: fines, endpoints: GET('/') },
      {
        subject: operator,
        service: fines,
        endpoints: [...GET('/', '/*'), { method: 'POST', path: '/*/payments' }],
      },
      { subject: police, service: fines },
      {
        subject: portal,
        service: fines,
        endpoints: [...GET('/', '/*'), { method: 'POST', path: '/*/payments' }],
      },
    ],
    tax: [
      {
        subject: bank,
        service: businesses,
        endpoints: GET('/', '/*', '/*/directors', '/*/tax-status'),
      },
      { subject: watchdog, service: businesses, endpoints: GET('/', '/*', '/*/tax-status') },
      { subject: portal, service: businesses },
    ],
    civil: [{ subject: portal, service: certificates }],
  }
}

/**
 * The data tracker of every provider subsystem, for the state portal only: it authenticates the
 * citizen, so only a caller that has authenticated the person asks about them (docs/protocol.md
 * §4.2, Who may ask).
 */
function trackerGrants(services: { id: string }[]): Grant[] {
  const subsystems = new Set(services.map((s) => s.id.split('/').slice(0, 4).join('/')))
  return [...subsystems].map((s) => ({ subject: CLIENTS.portal, service: `${s}/findUsage` }))
}

export function sandboxPlan(base = SANDBOX_PORT_BASE): FederationPlan {
  const registry = (name: string) =>
    `http://127.0.0.1:${sandboxRegistries(base).find((r) => r.name === `${name}-registry`)!.port}`
  const g = grants()
  const service = (id: string, title: string, url: string, contract: string) => ({
    id,
    title,
    url,
    contract,
    validation: 'request' as const,
  })
  return withTrackerGrants({
    instance: 'KG',
    memberClasses: MEMBER_CLASSES,
    directoryValiditySeconds: 3600,
    members: [
      {
        id: 'KG/GOV/70000001',
        name: 'Population Registry Agency',
        nodes: nodes(base, 1, 2),
        subsystems: [{ code: 'population', name: 'Population register' }],
        services: [
          service(
            SERVICES.persons,
            'Persons, families and registered addresses',
            `${registry('population')}/persons`,
            'population',
          ),
        ],
        grants: g['population']!,
      },
      {
        id: 'KG/GOV/70000002',
        name: 'Vehicles and Driver Licences Agency',
        nodes: nodes(base, 2),
        subsystems: [{ code: 'transport', name: 'Vehicles and driver licences register' }],
        services: [
          service(
            SERVICES.vehicles,
            'Registered vehicles',
            `${registry('vehicles')}/vehicles`,
            'vehicles',
          ),
          service(
            SERVICES.licences,
            'Driver licences',
            `${registry('vehicles')}/licences`,
            'vehicles',
          ),
        ],
        grants: g['transport']!,
      },
      {
        id: 'KG/GOV/70000003',
        name: 'Traffic Police',
        nodes: nodes(base, 3),
        subsystems: [
          { code: 'traffic', name: 'Traffic fines register' },
          { code: 'police-app', name: 'Patrol application', client: true },
        ],
        services: [
          service(
            SERVICES.fines,
            'Traffic fines and payments',
            `${registry('fines')}/fines`,
            'fines',
          ),
        ],
        grants: g['traffic']!,
      },
      {
        id: 'KG/GOV/70000004',
        name: 'State Tax Service',
        nodes: nodes(base, 4),
        subsystems: [{ code: 'tax', name: 'Businesses and tax register' }],
        services: [
          service(
            SERVICES.businesses,
            'Businesses, directors and tax status',
            `${registry('businesses')}/businesses`,
            'businesses',
          ),
        ],
        grants: g['tax']!,
      },
      {
        id: 'KG/GOV/70000005',
        name: 'Civil Registry',
        nodes: nodes(base, 5),
        subsystems: [{ code: 'civil', name: 'Civil documents' }],
        services: [
          service(
            SERVICES.certificates,
            'Residence, birth and no-criminal-record certificates',
            `${registry('documents')}/certificates`,
            'documents',
          ),
        ],
        grants: g['civil']!,
      },
      consumer(
        'KG/GOV/70000006',
        'State Portal (Tunduk)',
        'portal',
        'Citizens’ e-services portal',
        nodes(base, 6),
      ),
      consumer(
        'KG/COM/10000001',
        'Ala-Too Bank',
        'kyc-app',
        'Know-your-customer checks',
        nodes(base, 7),
      ),
      consumer(
        'KG/COM/10000002',
        'Tez Mobile',
        'citizen-app',
        'Citizen mobile app',
        nodes(base, 8),
      ),
      consumer(
        'KG/NGO/20000001',
        'Open Budget Watch',
        'watch-app',
        'Public-interest research',
        nodes(base, 9),
      ),
    ],
  })
}

function withTrackerGrants(plan: FederationPlan): FederationPlan {
  for (const m of plan.members) m.grants = [...m.grants, ...trackerGrants(m.services)]
  return plan
}

function consumer(id: string, name: string, code: string, title: string, planNodes: PlanNode[]) {
  return {
    id,
    name,
    nodes: planNodes,
    subsystems: [{ code, name: title, client: true }],
    services: [],
    grants: [],
  }
}
