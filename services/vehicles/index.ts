// Public face of the vehicles register: vehicles and driving licences, and the register generator.

export { createVehiclesApp, type VehiclesAppOptions } from './app.js'
export { startVehiclesServer, type VehiclesServerOptions } from './server.js'
export { generateVehicleRegister } from './generate-register.js'
export {
  LICENCE_CATEGORIES,
  type DrivingLicence,
  type LicenceCategory,
  type LicenceStatus,
  type Vehicle,
  type VehicleRegister,
  type VehicleStatus,
} from './records.js'
export { VEHICLE_CATEGORIES, type VehicleCategory } from './catalogue.js'
export { displayPlate, isPlate, PLATE_PATTERN, PLATE_REGION_CODES } from './plates.js'
export { VIN_PATTERN, vinCheckDigit } from './vin.js'
export { LICENCE_VALIDITY_YEARS } from './issue-licence.js'
export {
  INVALID_PIN,
  INVALID_PLATE,
  INVALID_QUERY,
  LICENCE_NOT_FOUND,
  VEHICLE_NOT_FOUND,
} from './problems.js'
export { LICENCE_STATUSES, MAX_MAKE_LENGTH } from './search.js'
export {
  DEFAULT_LIMIT,
  invalidQuery,
  MAX_LIMIT,
  MAX_PAGE,
  paginate,
  parsePaging,
  queryReader,
  type Page,
  type Paging,
  type QueryReader,
} from './query.js'
