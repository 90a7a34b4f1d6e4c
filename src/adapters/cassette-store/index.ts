/** Cassettes on disk and the live recorder. */
export { sha256Hex } from './sha256.js'
export { writeFileAtomic, type AtomicWriteOptions } from '../fs/atomic-write.js'
export { REDACTED, SENSITIVE_HEADERS, scrubText, redactSecrets, scrubbingWriter, environmentSecrets } from './redact.js'
export {
  scenarioCassetteDir,
  cassettePath,
  readCassettes,
  loadCassettes,
  loadCassetteLookup,
  serializeCassette,
  writeCassette,
  pruneCassettes,
  type ScenarioCassettes,
} from './store.js'
export {
  planRecording,
  recordSteps,
  DEFAULT_RECORD_CONCURRENCY,
  DEFAULT_MAX_RETRIES,
  DEFAULT_MAX_RETRY_WAIT_MS,
  isSyntheticAnswer,
  type RecordTarget,
  type RecordStep,
  type RecordOptions,
  type StepRecording,
  type CompletionCheck,
} from './record.js'
