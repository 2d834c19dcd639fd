// The sandbox federation: which members run, on which ports, publishing what to whom.
import { MEMBER_CLASSES, type FederationPlan } from './federation-plan.js'

export const SANDBOX_PORT_BASE = 4700

export interface RegistryProcess {
  name: string
  /** Module that starts the registry; it reads PORT from the environment. */
  module: string
  port: number
}

export function sandboxRegistries(base = SANDBOX_PORT_BASE): RegistryProcess[] {
  return [{ name: 'population-registry', module: 'services/population/server.ts', port: base + 1 }]
}

/**
 * The sandbox's members: the population agency publishes its register; the bank's KYC app may
 * read persons and addresses (GET only), the way a bank checks a customer's identity.
 */
export function sandboxPlan(base = SANDBOX_PORT_BASE): FederationPlan {
  const registry = (name: string) => sandboxRegistries(base).find((r) => r.name === name)!
  return {
    instance: 'KG',
    memberClasses: MEMBER_CLASSES,
    directoryValiditySeconds: 24 * 3600,
    members: [
      {
        id: 'KG/GOV/70000001',
        name: 'Population Registry Agency',
        nodes: [
          { code: 'gw1', consumerPort: base + 11, federationPort: base + 12, adminPort: base + 13 },
        ],
        subsystems: [{ code: 'population', name: 'Population register' }],
        services: [
          {
            id: 'KG/GOV/70000001/population/persons',
            title: 'Persons, families and registered addresses',
            url: `http://127.0.0.1:${registry('population-registry').port}/persons`,
            contract: 'population',
          },
        ],
        grants: [
          {
            subject: 'KG/COM/10000001/kyc-app',
            service: 'KG/GOV/70000001/population/persons',
            endpoints: [
              { method: 'GET', path: '/*' },
              { method: 'GET', path: '/*/address' },
            ],
          },
        ],
      },
      {
        id: 'KG/COM/10000001',
        name: 'Ala-Too Bank',
        nodes: [
          { code: 'gw1', consumerPort: base + 21, federationPort: base + 22, adminPort: base + 23 },
        ],
        subsystems: [{ code: 'kyc-app', name: 'Know-your-customer checks', client: true }],
        services: [],
        grants: [],
      },
    ],
  }
}
