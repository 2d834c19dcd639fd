// The sandbox federation's PKI layout (docs/design.md §8): five registries, portal, bank, operator, NGO.
import type { PkiLayout } from './pki-layout.js'

export const DEFAULT_SANDBOX_LAYOUT: PkiLayout = {
  instance: 'KG',
  members: [
    {
      id: 'KG/GOV/70000001',
      name: 'Population Registry Agency',
      nodes: [{ code: 'gw1' }, { code: 'gw2' }],
      clients: [],
    },
    {
      id: 'KG/GOV/70000002',
      name: 'Vehicles and Driver Licences',
      nodes: [{ code: 'gw1' }],
      clients: [],
    },
    {
      id: 'KG/GOV/70000003',
      name: 'Traffic Police',
      nodes: [{ code: 'gw1' }],
      clients: ['police-app'],
    },
    { id: 'KG/GOV/70000004', name: 'Tax Service', nodes: [{ code: 'gw1' }], clients: [] },
    { id: 'KG/GOV/70000005', name: 'Civil Registry', nodes: [{ code: 'gw1' }], clients: [] },
    { id: 'KG/GOV/70000006', name: 'State Portal', nodes: [{ code: 'gw1' }], clients: ['portal'] },
    { id: 'KG/COM/10000001', name: 'Bank', nodes: [{ code: 'gw1' }], clients: ['kyc-app'] },
    {
      id: 'KG/COM/10000002',
      name: 'Mobile Operator',
      nodes: [{ code: 'gw1' }],
      clients: ['citizen-app'],
    },
    { id: 'KG/NGO/20000001', name: 'Watchdog', nodes: [{ code: 'gw1' }], clients: ['watch-app'] },
  ],
}
