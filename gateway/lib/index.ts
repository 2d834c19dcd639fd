// Shared internals of the gateway.
export * from './errors.js'
export * from './describe-error.js'
export * from './error-codes.js'
export * from './read-body.js'
export * from './http-headers.js'
export * from './clock.js'
export * from './logger.js'
export * from './ids.js'

export * from './error-response.js'
export * from './private-files.js'
export * from './trace-context.js'
