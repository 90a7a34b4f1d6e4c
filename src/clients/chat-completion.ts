/** The non-streaming chat-completion body (docs/router-behaviour.md §3), the fields a client reads. */
export interface ChatCompletion {
  id: string
  object: 'chat.completion'
  created: number
  model: string
  provider?: string
  choices: Array<{
    index: number
    finish_reason: string | null
    native_finish_reason?: string | null
    message: {
      role: 'assistant'
      content: string | null
      refusal?: string | null
      tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>
      [key: string]: unknown
    }
    error?: { code: number | string; message: string; metadata?: Record<string, unknown> }
    [key: string]: unknown
  }>
  usage?: Record<string, unknown>
  [key: string]: unknown
}
