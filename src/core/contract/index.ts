/** The contract checks: pure functions from a request and what came back to failures. */
export { checkCompletion } from './check-completion.js'
export { checkResult, wireValuesOf, type ResultOptions } from './check-result.js'
export { checkRequestFidelity } from './check-request-fidelity.js'
export { validateStandard } from './validate-standard.js'
export { compileSchema, schemaDefect, type SchemaCheck, type SchemaDefect, type SchemaIssue } from './schema-validator.js'
export { CHECK, type CheckId } from './checks.js'
export type { ContractOptions } from './check-message.js'
export { checkWireAnswers } from './check-wire-answers.js'
