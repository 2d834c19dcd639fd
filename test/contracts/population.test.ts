// The population register against its contract.
import { createPopulationApp } from '#services/population/index.js'
import { describeContract } from './describe-contract.js'

describeContract('population', {
  createApp: () => createPopulationApp(),
  errorProbes: [
    '/persons/123',
    '/persons/12345678901234x',
    '/persons/29999999999999',
    '/persons/29999999999999/family',
    '/persons/1234/address',
    '/persons',
    '/persons?lastName=X&limit=0',
    '/persons?dateOfBirth=2001-02-29',
  ],
})
