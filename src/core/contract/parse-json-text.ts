import { quote } from './describe-value.js'

export type ParsedJson = { ok: true; value: unknown } | { ok: false; problem: string }

/** Who is being parsed, for the sentence: `the content is ...`, `the arguments of tool call "x" are ...`. */
export interface Subject {
  name: string
  verb: 'is' | 'are'
}

const FENCE = /^```[\w-]*[ \t]*\r?\n?([\s\S]*?)\r?\n?```$/

/**
 * JSON.parse with a sentence that says why a text is not JSON, in words that hold on any Node version
 * (V8's SyntaxError wording changes between releases). The cases a reader needs to tell apart: a
 * Markdown fence around valid JSON (the classic quirk of a provider that ignored response_format), JSON
 * cut off before it ends (a truncated answer), and prose.
 */
export function parseJsonText(text: string, subject: Subject): ParsedJson {
  if (text !== lastText) {
    lastText = text
    try {
      lastOutcome = { ok: true, value: JSON.parse(text) }
    } catch {
      lastOutcome = { ok: false, why: whyNotJson(text.trim()) }
    }
  }
  return lastOutcome.ok ? lastOutcome : { ok: false, problem: `${subject.name} ${subject.verb} ${lastOutcome.why}` }
}

/**
 * The last text parsed and what it was: a judged case reads the same served content twice (the client's
 * result, then the step's wire answer). The value is shared by both readers, which only check it.
 */
let lastText: string | undefined
let lastOutcome: { ok: true; value: unknown } | { ok: false; why: string } = { ok: false, why: '' }

function whyNotJson(text: string): string {
  if (text === '') return 'empty, not JSON'
  const fenced = FENCE.exec(text)
  if (fenced)
    return isJson(fenced[1] ?? '')
      ? 'JSON wrapped in a Markdown fence; JSON.parse fails on it'
      : 'a Markdown code block, not JSON'
  if (text.startsWith('{') || text.startsWith('[')) {
    return endsEarly(text)
      ? 'not valid JSON: the text ends before the JSON value is complete'
      : 'not valid JSON: JSON.parse fails on it'
  }
  return `text, not JSON: ${quote(text)}`
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

/** True when a string or an object/array is still open at the end of the text. */
function endsEarly(text: string): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (inString) {
      if (char === '\\') i++
      else if (char === '"') inString = false
    } else if (char === '"') inString = true
    else if (char === '{' || char === '[') depth++
    else if (char === '}' || char === ']') depth--
  }
  return inString || depth > 0
}
