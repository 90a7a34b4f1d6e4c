/** The contract checks: pure functions from a request and what came back to failures. */
export { checkCompletion } from './check-completion.js'
export { checkResult, wireValuesOf } from './check-result.js'
export { checkRequestFidelity } from './check-request-fidelity.js'
export { validateStandard } from './validate-standard.js'
export { checkWireAnswers } from './check-wire-answers.js'
