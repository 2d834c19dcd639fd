// Public face of the shared service toolkit: synthetic population, PINs, problem+json, serving.

export { createRandom, deriveSeed, type Random } from './random.js'
export { addYears, ageOn, fromDay, isIsoDate, toDay } from './dates.js'
export { formatPin, isPin, parsePin, PIN_PATTERN, type PinParts, type Sex } from './pin.js'
export type { NamingStyle, FullName } from './naming.js'
export type { Address, Person, PersonStatus, RegisteredAddress } from './person.js'
export { pickTown } from './homes.js'
export { STREETS, TOWNS, type Town } from './places.js'
export { FEMALE_FIRST_NAMES, MALE_FIRST_NAMES, SURNAMES } from './names.js'
export {
  createPopulation,
  DEFAULT_POPULATION_SIZE,
  DEFAULT_SEED,
  MAX_POPULATION_SIZE,
  REFERENCE_DATE,
  type Population,
  type PopulationOptions,
} from './population.js'
export {
  PROBLEM_CONTENT_TYPE,
  PROBLEM_TYPE_PREFIX,
  ProblemError,
  problemNotFound,
  problemOnError,
  problemResponse,
  problemType,
  useProblemHandlers,
  type ProblemDetails,
  type ProblemHandlerOptions,
  type ProblemInit,
} from './problem.js'
export {
  closeOnSignals,
  isMainModule,
  KEEP_ALIVE_TIMEOUT_MS,
  serveApp,
  type RunningServer,
  type ServeOptions,
} from './serve.js'
export { idempotency, type IdempotencyOptions } from './idempotency.js'
export {
  bodyTooLargeProblem,
  DEFAULT_MAX_BODY_BYTES,
  MALFORMED_JSON,
  readJsonBody,
  readRequestBytes,
  type ReadBodyOptions,
} from './request-body.js'
/** The sandbox's demo citizen: a married parent in Bishkek whom every registry knows. */
export const DEMO_PIN = '22905199138381'
export { runRegistry, type RegistryProcessOptions } from './run-registry.js'
