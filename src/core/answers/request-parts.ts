import type { ChatRequest, JsonSchema, ToolDefinition } from '../types.js'

/**
 * The parts of a request that shape an answer and its contract. Answer synthesis, the quirks and the
 * contract checks all read the request through these helpers, so they agree on what it asks for.
 */

/** The JSON Schema the content must meet (`response_format.json_schema.schema`), if any. */
export function responseSchemaOf(request: ChatRequest): JsonSchema | undefined {
  const format = request.response_format
  return format?.type === 'json_schema' ? format.json_schema?.schema : undefined
}

/** True when the request asks for JSON content (`json_object`, or `json_schema` with or without a schema). */
export function wantsJsonContent(request: ChatRequest): boolean {
  const type = request.response_format?.type
  return type === 'json_object' || type === 'json_schema'
}

export function declaredTools(request: ChatRequest): ToolDefinition[] {
  return Array.isArray(request.tools) ? request.tools.filter((tool) => typeof tool?.function?.name === 'string') : []
}

export function findTool(request: ChatRequest, name: string): ToolDefinition | undefined {
  return declaredTools(request).find((tool) => tool.function.name === name)
}

/** The function `tool_choice` forces, or undefined for 'none' | 'auto' | 'required' | absent. */
export function forcedToolName(request: ChatRequest): string | undefined {
  const choice = request.tool_choice
  return typeof choice === 'object' && choice !== null && typeof choice.function?.name === 'string'
    ? choice.function.name
    : undefined
}

/** What the request asks the model to answer with. */
export type AnswerShape =
  | { kind: 'tool_call'; name: string; parameters: JsonSchema | undefined }
  | { kind: 'json'; schema: JsonSchema }
  | { kind: 'json_object' }
  | { kind: 'text' }

/**
 * Which kind of answer a well-behaved model gives to this request:
 * 1. `tool_choice: 'required'` or a specific function: a tool call (that function, else the first tool).
 * 2. `response_format` json_schema: JSON content from the schema; json_object (or json_schema with no
 *    schema): a small JSON object.
 * 3. tools with `tool_choice` auto or absent: a tool call to the first tool.
 * 4. Plain text.
 * Rule 2 comes before rule 3 on purpose: an app that sends both tools and a response_format with
 * `tool_choice: 'auto'` is asking for its final, structured answer (it ran its tool loop already, or the
 * tools are optional helpers); the answer that exercises the app's contract is then the JSON content.
 * `tool_choice: 'none'` disables rules 1 and 3.
 */
export function answerShapeOf(request: ChatRequest): AnswerShape {
  const tools = declaredTools(request)
  const forced = forcedToolName(request)
  if (forced !== undefined)
    return { kind: 'tool_call', name: forced, parameters: findTool(request, forced)?.function.parameters }
  const first = tools[0]
  if (request.tool_choice === 'required' && first)
    return { kind: 'tool_call', name: first.function.name, parameters: first.function.parameters }
  const schema = responseSchemaOf(request)
  if (schema !== undefined) return { kind: 'json', schema }
  if (wantsJsonContent(request)) return { kind: 'json_object' }
  if (first && request.tool_choice !== 'none')
    return { kind: 'tool_call', name: first.function.name, parameters: first.function.parameters }
  return { kind: 'text' }
}
