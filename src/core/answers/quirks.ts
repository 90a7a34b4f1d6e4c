// TEMPORARY placeholder so the emulator compiles while answer quirks are built (see answers/ helper brief).
import type { AnswerMessage, Random } from './types.js'
import type { ChatRequest } from '../types.js'

export function applyQuirk(quirk: string, answer: AnswerMessage, context: { request: ChatRequest; random: Random }): AnswerMessage {
  void quirk
  void context
  return answer
}
