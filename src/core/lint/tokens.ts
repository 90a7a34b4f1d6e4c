/**
 * Prompt size estimates for the context-window and cost rules: the shared estimator of core/tokens,
 * which the emulator's context-length check, usage and `cassette/cost.ts` use too, so lint and the
 * emulator count a request the same way. The counter is the o200k tokenizer when gpt-tokenizer is
 * installed, else 4 characters a token; each sentence that quotes a figure says which
 * (`TokenCounter.describe`). Lint can be given another counter (`LintOptions.tokenCounter`).
 */
export {
  CHARACTER_COUNTER,
  DEFAULT_TOKEN_COUNTER,
  O200K_COUNTER,
  estimatePrompt,
  requestedOutput,
  type OutputField,
  type PromptEstimate,
  type RequestedOutput,
  type TokenCounter,
} from '../tokens/index.js'
