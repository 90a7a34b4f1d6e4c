import type { Random } from './types.js'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** An OpenAI-style tool call id (`call_` + 24 characters), drawn from the injected random. */
export function toolCallId(random: Random): string {
  let id = 'call_'
  for (let i = 0; i < 24; i++) id += ALPHABET[Math.floor(random() * ALPHABET.length)]
  return id
}
