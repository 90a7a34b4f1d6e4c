import { declaredTools } from '../answers/request-parts.js'
import { stepLabel } from '../cascade.js'
import type { ChatRequest, CheckFailure, ToolDefinition } from '../types.js'
import { CHECK, failure } from './checks.js'
import { firstDifference } from './first-difference.js'
import { isRecord, jsonPath } from '../json-path.js'

/**
 * What the client actually sent, compared with the scenario's request: the tools, response_format,
 * tool_choice and messages the contract is built from. A client that drops `tools` on its retry, or
 * rewrites the schema, is tested against a request the app never meant to send.
 *
 * `step` counts from 0 (the JSON `step` field); sentences count from 1 ("step 2"), like every
 * sentence in the harness (core/cascade.ts `stepLabel`).
 *
 * Deliberately not compared: `model`/`models` (a client doing its own fallback sends one model per
 * request), tool descriptions, the schema's `name`, and extra messages after the scenario's (the
 * follow-up turns of a tool loop).
 */
export function checkRequestFidelity(scenario: ChatRequest, sent: unknown, step: number): CheckFailure[] {
  if (!isRecord(sent))
    return [failure(CHECK.requestFidelity, 'request', `${stepLabel(step)} was sent a body that is not a JSON object`)]
  if (!Object.isFrozen(sent)) return compare(scenario, sent as ChatRequest, step)
  let bySent = comparedBodies.get(scenario)
  if (bySent === undefined) comparedBodies.set(scenario, (bySent = new WeakMap()))
  let bySteps = bySent.get(sent)
  if (bySteps === undefined) bySent.set(sent, (bySteps = []))
  return [...(bySteps[step] ??= compare(scenario, sent as ChatRequest, step))]
}

/**
 * The failures per scenario request, frozen body sent and step. A scenario's request is one object for
 * all its cases and the emulator shares one frozen body per request text (emulator/request-facts.ts),
 * so every case of a scenario compares the same pair: a deep comparison of tools, schema and messages
 * each time was about a twentieth of a judged reference case.
 */
const comparedBodies = new WeakMap<ChatRequest, WeakMap<object, CheckFailure[][]>>()

function compare(scenario: ChatRequest, body: ChatRequest, step: number): CheckFailure[] {
  const label = stepLabel(step)
  return [
    ...compareTools(scenario, body, label),
    ...compareResponseFormat(scenario, body, label),
    ...compareToolChoice(scenario, body, label),
    ...compareMessages(scenario, body, label),
  ]
}

function compareTools(scenario: ChatRequest, sent: ChatRequest, label: string): CheckFailure[] {
  const wanted = declaredTools(scenario)
  const got = declaredTools(sent)
  if (wanted.length === 0) {
    return got.length > 0
      ? [
          failure(
            CHECK.requestFidelity,
            'request.tools',
            `${label} was sent \`tools\` although the scenario declares none`,
          ),
        ]
      : []
  }
  if (got.length === 0)
    return [
      failure(
        CHECK.requestFidelity,
        'request.tools',
        `${label} was sent no \`tools\` although the scenario declares them`,
      ),
    ]
  const failures: CheckFailure[] = []
  for (const tool of wanted) {
    const name = tool.function.name
    const index = got.findIndex((t) => t.function.name === name)
    const match = got[index]
    if (!match) {
      failures.push(
        failure(
          CHECK.requestFidelity,
          'request.tools',
          `${label} was sent \`tools\` without "${name}", which the scenario declares`,
        ),
      )
      continue
    }
    const difference = firstDifference(parametersOf(tool), parametersOf(match))
    if (difference) {
      failures.push(
        failure(
          CHECK.requestFidelity,
          `request.tools[${index}].function.parameters`,
          `${label} was sent different \`parameters\` for tool "${name}" than the scenario declares (first difference at ${jsonPath(difference)})`,
        ),
      )
    }
  }
  for (const [index, tool] of got.entries()) {
    if (!wanted.some((t) => t.function.name === tool.function.name)) {
      failures.push(
        failure(
          CHECK.requestFidelity,
          `request.tools[${index}]`,
          `${label} was sent tool "${tool.function.name}", which the scenario does not declare`,
        ),
      )
    }
  }
  return failures
}

/** A converter (zod → JSON Schema, the AI SDK) may add `$schema`; it changes nothing the model sees. */
function parametersOf(tool: ToolDefinition): unknown {
  const parameters = tool.function.parameters
  if (!isRecord(parameters) || !('$schema' in parameters)) return parameters ?? null
  const { $schema: _ignored, ...rest } = parameters
  return rest
}

function compareResponseFormat(scenario: ChatRequest, sent: ChatRequest, label: string): CheckFailure[] {
  const wanted = scenario.response_format
  const got = sent.response_format
  const path = 'request.response_format'
  if (!wanted || wanted.type === 'text') {
    return got && got.type !== 'text'
      ? [
          failure(
            CHECK.requestFidelity,
            path,
            `${label} was sent a \`response_format\` of type "${got.type}" although the scenario declares none`,
          ),
        ]
      : []
  }
  if (!got)
    return [
      failure(
        CHECK.requestFidelity,
        path,
        `${label} was sent no \`response_format\` although the scenario declares one`,
      ),
    ]
  if (got.type !== wanted.type) {
    return [
      failure(
        CHECK.requestFidelity,
        `${path}.type`,
        `${label} was sent a \`response_format\` of type "${String(got.type)}" although the scenario declares "${wanted.type}"`,
      ),
    ]
  }
  if (wanted.type !== 'json_schema' || got.type !== 'json_schema') return []
  const failures: CheckFailure[] = []
  const difference = firstDifference(
    withoutDialect(wanted.json_schema?.schema),
    withoutDialect(got.json_schema?.schema),
  )
  if (difference) {
    failures.push(
      failure(
        CHECK.requestFidelity,
        `${path}.json_schema.schema`,
        `${label} was sent a different \`response_format\` schema than the scenario declares (first difference at ${jsonPath(difference)})`,
      ),
    )
  }
  // Absent and false mean the same to the router: not strict.
  const wantedStrict = wanted.json_schema?.strict === true
  if (wantedStrict !== (got.json_schema?.strict === true)) {
    failures.push(
      failure(
        CHECK.requestFidelity,
        `${path}.json_schema.strict`,
        `${label} was sent \`strict: ${String(!wantedStrict)}\` although the scenario sets \`strict: ${String(wantedStrict)}\``,
      ),
    )
  }
  return failures
}

function withoutDialect(schema: unknown): unknown {
  if (!isRecord(schema) || !('$schema' in schema)) return schema ?? null
  const { $schema: _ignored, ...rest } = schema
  return rest
}

function compareToolChoice(scenario: ChatRequest, sent: ChatRequest, label: string): CheckFailure[] {
  if (declaredTools(scenario).length === 0 && declaredTools(sent).length === 0) return []
  const wanted = effectiveToolChoice(scenario)
  const got = effectiveToolChoice(sent)
  if (!firstDifference(wanted, got)) return []
  return [
    failure(
      CHECK.requestFidelity,
      'request.tool_choice',
      `${label} was sent \`tool_choice\` ${showChoice(got)} although the scenario declares ${showChoice(wanted)}`,
    ),
  ]
}

/** The router's default: "auto" when tools are present, "none" otherwise (docs/router-behaviour.md §1.4). */
function effectiveToolChoice(request: ChatRequest): unknown {
  return request.tool_choice ?? (declaredTools(request).length > 0 ? 'auto' : 'none')
}

function showChoice(choice: unknown): string {
  if (typeof choice === 'string') return `"${choice}"`
  const name = isRecord(choice) && isRecord(choice.function) ? choice.function.name : undefined
  return typeof name === 'string' ? `a call to "${name}"` : JSON.stringify(choice)
}

function compareMessages(scenario: ChatRequest, sent: ChatRequest, label: string): CheckFailure[] {
  const wanted = Array.isArray(scenario.messages) ? scenario.messages : []
  const got = Array.isArray(sent.messages) ? sent.messages : []
  if (got.length < wanted.length) {
    return [
      failure(
        CHECK.requestFidelity,
        'request.messages',
        `${label} was sent ${got.length} of the scenario's ${wanted.length} messages`,
      ),
    ]
  }
  for (const [index, message] of wanted.entries()) {
    if (firstDifference(normalizeMessage(message), normalizeMessage(got[index]))) {
      return [
        failure(
          CHECK.requestFidelity,
          `request.messages[${index}]`,
          `${label} was sent a message ${index + 1} (${String(message.role)}) that differs from the scenario's`,
        ),
      ]
    }
  }
  return []
}

/**
 * What a message says, without the spelling: string content and an array of text parts are the same
 * text to the model, and SDKs convert between them.
 */
function normalizeMessage(message: unknown): unknown {
  if (!isRecord(message)) return message ?? null
  const content = message.content
  const text = Array.isArray(content)
    ? content.every((part) => isRecord(part) && part.type === 'text')
      ? content.map((part) => (part as { text?: unknown }).text).join('')
      : content
    : content
  return {
    role: message.role,
    content: text ?? null,
    tool_call_id: message.tool_call_id ?? null,
    tool_calls: message.tool_calls ?? null,
  }
}
