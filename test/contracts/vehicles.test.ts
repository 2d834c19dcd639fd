// The vehicles register (services `vehicles` and `licences`) against its contract.
import { DEMO_PIN } from '#services/shared/index.js'
import { createVehiclesApp } from '#services/vehicles/index.js'
import { describeContract } from './describe-contract.js'

/** The demo citizen's youngest child: a person in the population, too young for a licence. */
const CHILD_PIN = '11803202042843'

describeContract('vehicles', {
  createApp: () => createVehiclesApp(),
  errorProbes: [
    '/vehicles/01KG509BA',
    '/vehicles/01kg509bam',
    '/vehicles/10KG509BAM',
    '/vehicles/01KG000AAA',
    '/vehicles',
    '/vehicles?page=1&limit=5',
    '/vehicles?ownerPin=123',
    '/vehicles?make=Honda&limit=0',
    '/vehicles?make=Honda&page=0',
    `/vehicles?make=${'x'.repeat(33)}`,
    `/vehicles?ownerPin=${DEMO_PIN}&ownerPin=${DEMO_PIN}`,
    '/licences/123',
    '/licences/29999999999999',
    `/licences/${CHILD_PIN}`,
    '/licences',
    '/licences?category=Z',
    '/licences?category=B&status=lost',
    '/licences?category=B&limit=101',
  ],
})
