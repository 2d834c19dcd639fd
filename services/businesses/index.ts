// Public face of the businesses and tax register service.

export { createBusinessesApp, type BusinessesAppOptions } from './app.js'
export {
  DEFAULT_BUSINESSES_PORT,
  startBusinessesServer,
  type BusinessesServerOptions,
} from './server.js'
export {
  BUSINESSES_PER_PERSON,
  createBusinessRegister,
  DIRECTOR_SHARE,
  type BusinessRegister,
} from './register.js'
export type {
  Activity,
  Business,
  BusinessStatus,
  Director,
  DirectorRole,
  LegalForm,
  TaxStanding,
  TaxStatus,
} from './business.js'
export type { BusinessSummary, DirectorsView, NamedDirector } from './views.js'
export type { BusinessQuery, Page } from './search.js'
export { isTin, TIN_PATTERN } from './tin.js'
export { BUSINESS_NOT_FOUND, INVALID_QUERY, INVALID_TIN } from './problems.js'
export { BUSINESS_STATUSES, DEFAULT_LIMIT, MAX_LIMIT, MAX_NAME_LENGTH, MAX_PAGE } from './search.js'
