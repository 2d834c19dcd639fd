// Public face of the population register service.

export { createPopulationApp, type PopulationAppOptions } from './app.js'
export { startPopulationServer, type PopulationServerOptions } from './server.js'
export type { AddressView, FamilyView, PersonSummary } from './views.js'
export type { Page, PersonQuery } from './search.js'
