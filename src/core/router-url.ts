/** Where OpenRouter answers chat completions and its model list: the one default every part shares. */
export const OPENROUTER_BASE_URL = 'https://openrouter.ai/api/v1'
