import { BUILTIN_CATALOG } from '../catalog/builtin.js'
import type { Plan } from '../types.js'
import { createEmulator } from './index.js'
import type { Emulator, EmulatorSetup } from './types.js'

/** Helpers shared by the emulator's tests: a request as a client sends it, and a plan in one line. */

export const CHAT_URL = 'https://openrouter.ai/api/v1/chat/completions'

export const GEMINI_FLASH = 'google/gemini-2.5-flash'
export const GPT_41_MINI = 'openai/gpt-4.1-mini'
export const SONNET = 'anthropic/claude-sonnet-4.5'
export const MYTHOMAX_FREE = 'gryphe/mythomax-l2-13b:free'

export const HELLO = [{ role: 'user', content: 'Extract the invoice total from: ACME Corp, total due 42.50 EUR.' }]

export function chatRequest(
  body: unknown,
  headers: Record<string, string> = { authorization: 'Bearer sk-test' },
): Request {
  return new Request(CHAT_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

export function plan(at: Plan['at'] = {}): Plan {
  return { id: 'test', at, expect: { servedBy: null } }
}

export function emulator(at: Plan['at'] = {}, setup: Partial<EmulatorSetup> = {}): Emulator {
  return createEmulator({ catalog: BUILTIN_CATALOG, seed: 7, plan: plan(at), now: () => 1_790_000_000, ...setup })
}

export interface Answered {
  status: number
  headers: Headers
  // Tests read into the body freely; a wrong guess fails the assertion, which is the point.
  body: any
  text: string
}

export async function send(target: Emulator, body: unknown, headers?: Record<string, string>): Promise<Answered> {
  const response = await target.handle(chatRequest(body, headers))
  const text = await response.text()
  let parsed: unknown = undefined
  try {
    parsed = JSON.parse(text)
  } catch {
    // HTML or SSE: the test reads `text`.
  }
  return { status: response.status, headers: response.headers, body: parsed, text }
}
