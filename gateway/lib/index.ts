// Shared internals of the gateway.
export * from './errors.js'
export * from './error-codes.js'
