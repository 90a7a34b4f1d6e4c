/**
 * Prompt size estimates for the context-window and cost rules: the shared estimator of core/tokens,
 * which the emulator's context-length check, usage and `cassette/cost.ts` use too, so lint and the
 * emulator count a request the same way: figures at 4 characters a token, window decisions through
 * `promptAgainstWindow` (a UTF-8 bound, then the o200k count); each sentence that quotes a figure says
 * which (`TokenCounter.describe`). Lint can be given another counter (`LintOptions.tokenCounter`).
 */
export {
  CHARACTER_COUNTER,
  DEFAULT_TOKEN_COUNTER,
  NEAR_WINDOW,
  estimatePrompt,
  loadExactCounter,
  promptAgainstWindow,
  requestedOutput,
  type OutputField,
  type PromptEstimate,
  type RequestedOutput,
  type TokenCounter,
  type WindowNeed,
  windowNeed,
} from '../tokens/index.js'
