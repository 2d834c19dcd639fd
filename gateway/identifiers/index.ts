// Public face of the identifiers stage.
export * from './parse-identifier.js'
export * from './parse-rest-path.js'
export * from './metaservice-codes.js'
