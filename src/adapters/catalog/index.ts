/** The catalog store: read a snapshot, pull the router's list, write a snapshot. */
export { readCatalog } from './read-catalog.js'
export { pullCatalog } from './pull-catalog.js'
export { pullEndpointFacts } from './pull-endpoints.js'
export { writeCatalog, serializeCatalog } from './write-catalog.js'
