// The businesses and tax register against its contract.
import { createBusinessesApp } from '#services/businesses/index.js'
import { describeContract } from './describe-contract.js'

describeContract('businesses', {
  createApp: () => createBusinessesApp(),
  errorProbes: [
    '/businesses/123',
    '/businesses/0230620138113x',
    '/businesses/32905199138381',
    '/businesses/09999999999999',
    '/businesses/123/directors',
    '/businesses/09999999999999/directors',
    '/businesses/0230620138113/tax-status',
    '/businesses/09999999999999/tax-status',
    '/businesses',
    '/businesses?page=1&limit=5',
    '/businesses?name=llc&limit=0',
    '/businesses?name=llc&limit=101',
    '/businesses?status=active&page=0',
    '/businesses?status=closed',
    '/businesses?directorPin=3290519913838',
  ],
})
