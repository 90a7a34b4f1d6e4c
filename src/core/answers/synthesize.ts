// TEMPORARY placeholder so the emulator compiles while answer synthesis is built (see answers/ helper brief).
import type { AnswerMessage, SynthesisInput } from './types.js'

export function synthesizeAnswer(input: SynthesisInput): AnswerMessage {
  void input
  return { content: 'placeholder', refusal: null, finish_reason: 'stop', native_finish_reason: 'stop' }
}
