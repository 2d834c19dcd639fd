// Public face of contract validation.
export {
  createContractValidator,
  type ContractValidator,
  type RequestToValidate,
  type ResponseToValidate,
  type ValidationMode,
} from './contract-validator.js'
export { parseJsonSafely, UnsafeJsonError, MAX_JSON_DEPTH } from './parse-json-safely.js'
