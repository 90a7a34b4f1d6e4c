import { describe, expect, it } from 'vitest'
import { BUILTIN_CATALOG } from '../catalog/builtin.js'
import { matrixForRequest } from '../plan/request-matrix.js'
import type { Catalog, ChatRequest } from '../types.js'
import { REASONING_TEXT, TEXT_BEFORE_TOOL } from '../answers/quirks.js'
import { createEmulator } from './index.js'
import { chatRequest, emulator, GEMINI_FLASH, GPT_41_MINI, HELLO, send, SONNET } from './test-support.js'

const TOOLS = [
  {
    type: 'function',
    function: {
      name: 'record_invoice',
      parameters: { type: 'object', properties: { total: { type: 'number' } }, required: ['total'] },
    },
  },
]
const OPTIONS = { unsupportedParameter: 'ignore' } as const

describe('family habits in the matrix', () => {
  it("plans each habit only on its family's steps", () => {
    const request: ChatRequest = {
      models: [GEMINI_FLASH, GPT_41_MINI, SONNET],
      messages: HELLO as never,
      tools: TOOLS as never,
      tool_choice: 'required',
    }
    const ids = matrixForRequest(request, BUILTIN_CATALOG, OPTIONS).plans.map((p) => p.id)
    const habit = (name: string) => ids.filter((id) => id.startsWith(`${name}@`))
    expect(habit('reasoning_before_content')).toEqual(['reasoning_before_content@0', 'reasoning_before_content@2'])
    expect(habit('text_before_tool_call')).toEqual(['text_before_tool_call@2'])
    expect(habit('stop_with_tool_calls')).toEqual(['stop_with_tool_calls@0'])
    expect(habit('empty_string_content')).toEqual(['empty_string_content@0'])
    expect(habit('dated_model_slug')).toEqual(['dated_model_slug@1', 'dated_model_slug@2'])
    expect(habit('think_block')).toEqual([])
  })

  it('plans <think> blocks on an open-weight reasoning model', () => {
    const r1 = {
      ...BUILTIN_CATALOG.models.find((m) => m.id === 'meta-llama/llama-3.3-70b-instruct')!,
      id: 'deepseek/deepseek-r1',
      canonical_slug: 'deepseek/deepseek-r1',
      supported_parameters: ['max_tokens', 'reasoning', 'include_reasoning'],
    }
    const catalog: Catalog = { ...BUILTIN_CATALOG, models: [...BUILTIN_CATALOG.models, r1] }
    const ids = matrixForRequest(
      { models: ['deepseek/deepseek-r1', GPT_41_MINI], messages: HELLO as never },
      catalog,
      OPTIONS,
    ).plans.map((p) => p.id)
    expect(ids).toContain('think_block@0')
    expect(ids).not.toContain('think_block@1')
  })
})

describe('family habits on the wire', () => {
  it('names the dated snapshot in `model` while the trace keeps the catalog id as servedBy', async () => {
    const target = emulator({ '0': 'dated_model_slug' })
    const answered = await send(target, { model: SONNET, messages: HELLO })
    expect(answered.body.model).toBe('anthropic/claude-4.5-sonnet-20250929')
    expect(target.traces[0]?.servedBy).toBe(SONNET)
  })

  it('ends a Gemini tool call with finish_reason "stop" and `content: ""`', async () => {
    const body = { model: GEMINI_FLASH, messages: HELLO, tools: TOOLS, tool_choice: 'required' }
    const stop = (await send(emulator({ '0': 'stop_with_tool_calls' }), body)).body.choices[0]
    expect(stop.finish_reason).toBe('stop')
    expect(stop.message.tool_calls).toHaveLength(1)
    const empty = (await send(emulator({ '0': 'empty_string_content' }), body)).body.choices[0]
    expect(empty.message.content).toBe('')
    expect(empty.message.tool_calls).toHaveLength(1)
  })

  it('puts text before an Anthropic tool call', async () => {
    const choice = (
      await send(emulator({ '0': 'text_before_tool_call' }), {
        model: SONNET,
        messages: HELLO,
        tools: TOOLS,
        tool_choice: 'required',
      })
    ).body.choices[0]
    expect(choice.message.content).toBe(TEXT_BEFORE_TOOL)
    expect(choice.finish_reason).toBe('tool_calls')
  })

  it('streams reasoning before the first content, and starts content with <think> for open-weight reasoners', async () => {
    const response = await createEmulator({
      catalog: BUILTIN_CATALOG,
      seed: 1,
      plan: { id: 'r', at: { '0': 'reasoning_before_content' }, expect: { servedBy: null } },
    }).handle(chatRequest({ model: GEMINI_FLASH, messages: HELLO, stream: true }))
    const deltas = (await response.text())
      .split('\n\n')
      .filter((e) => e.startsWith('data: {'))
      .map(
        (e) =>
          (JSON.parse(e.slice(6)) as { choices: Array<{ delta: Record<string, unknown> }> }).choices[0]?.delta ?? {},
      )
    const firstReasoning = deltas.findIndex((d) => typeof d.reasoning === 'string' && d.reasoning !== '')
    const firstContent = deltas.findIndex((d) => typeof d.content === 'string' && d.content !== '')
    expect(firstReasoning).toBeGreaterThan(-1)
    expect(firstContent).toBeGreaterThan(firstReasoning)
    expect(deltas.map((d) => d.reasoning ?? '').join('')).toBe(REASONING_TEXT)
    const think = (await send(emulator({ '0': 'think_block' }), { model: GEMINI_FLASH, messages: HELLO })).body
      .choices[0].message.content as string
    expect(think.startsWith(`<think>\n${REASONING_TEXT}\n</think>\n\n`)).toBe(true)
  })
})
