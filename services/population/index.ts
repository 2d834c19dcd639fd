// Public face of the population register service.

export { createPopulationApp, type PopulationAppOptions } from './app.js'
export { startPopulationServer, type PopulationServerOptions } from './server.js'
export type { AddressView, FamilyView, PersonSummary } from './views.js'
export type { Page, PersonQuery } from './search.js'
export { INVALID_PIN, INVALID_QUERY, PERSON_NOT_FOUND } from './problems.js'
export { DEFAULT_LIMIT, MAX_LIMIT, MAX_NAME_LENGTH, MAX_PAGE } from './search.js'
