/** Cassettes on disk and the live recorder. */
export { scenarioCassetteDir, readCassettes, loadCassetteLookup, type ScenarioCassettes } from './store.js'
export { planRecording, recordSteps } from './record.js'
