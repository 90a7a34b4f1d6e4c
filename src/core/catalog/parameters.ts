/**
 * The request fields the router checks against a model's `supported_parameters` (`OAS#Parameter`,
 * docs/router-behaviour.md §6.1): the emulator drops or 404s on them per model, and lint knows them as
 * request fields. `structured_outputs` is a capability flag, never a request field, so it is not here.
 */
export const ROUTED_PARAMETERS = [
  'temperature',
  'top_p',
  'top_k',
  'min_p',
  'top_a',
  'frequency_penalty',
  'presence_penalty',
  'repetition_penalty',
  'max_tokens',
  'max_completion_tokens',
  'logit_bias',
  'logprobs',
  'top_logprobs',
  'prediction',
  'seed',
  'response_format',
  'stop',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'include_reasoning',
  'reasoning',
  'reasoning_effort',
  'web_search_options',
  'verbosity',
] as const
