/**
 * The example app's careful client: the official openai SDK pointed at the router, and a parser that
 * treats every answer as untrusted. It repairs what is safe to repair (a Markdown fence, a number
 * sent as a string, an undeclared key) and throws a typed error for everything else, so the app
 * never acts on a broken answer and never crashes on one.
 */
import OpenAI from 'openai'
import { Invoice } from './definitions.js'

/** Every way the answer can be unusable, as one error class the app can catch. */
export class InvoiceExtractionError extends Error {
  override name = 'InvoiceExtractionError'
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message)
  }
}

interface ChatInput {
  request: Record<string, unknown>
  signal: AbortSignal
  baseUrl: string
}

export async function extractInvoice({ request, signal, baseUrl }: ChatInput): Promise<Invoice> {
  // maxRetries 0: the router already falls back across models; SDK retries would only add latency.
  // timeout: a stalled provider must not hang the app; 1.5 s leaves room for the router's own fallback waits.
  const client = new OpenAI({
    baseURL: baseUrl,
    apiKey: process.env.OPENROUTER_API_KEY ?? 'sk-or-offline-example',
    maxRetries: 0,
    timeout: 1500,
  })
  let completion: Record<string, any>
  try {
    completion = (await client.chat.completions.create(request as never, { signal })) as unknown as Record<string, any>
  } catch (error) {
    const status = (error as { status?: number }).status
    throw new InvoiceExtractionError(
      'router',
      `the router failed${status ? ` with ${status}` : ''}: ${(error as Error).message}`,
    )
  }
  // OpenRouter may answer HTTP 200 with an error object instead of choices (docs/router-behaviour.md §4.6).
  if (completion.error)
    throw new InvoiceExtractionError('router', `the router answered 200 with an error: ${completion.error.message}`)
  const choice = completion.choices?.[0]
  if (!choice) throw new InvoiceExtractionError('empty', 'the answer has no choices')
  if (choice.finish_reason === 'error')
    throw new InvoiceExtractionError(
      'router',
      `the provider failed mid-answer: ${choice.error?.message ?? choice.native_finish_reason}`,
    )
  if (choice.finish_reason === 'length')
    throw new InvoiceExtractionError('truncated', 'the answer was cut off (finish_reason "length")')
  const message = choice.message ?? {}
  if (message.refusal) throw new InvoiceExtractionError('refusal', `the model refused: ${message.refusal}`)

  const call = message.tool_calls?.[0]
  if (call) {
    if (call.function?.name !== 'record_invoice')
      throw new InvoiceExtractionError('tool', `the model called an undeclared tool "${call.function?.name}"`)
    return parseInvoice(call.function.arguments, 'tool arguments')
  }
  return parseInvoice(message.content, 'content')
}

function parseInvoice(text: unknown, where: string): Invoice {
  if (typeof text !== 'string' || text.trim() === '') throw new InvoiceExtractionError('empty', `the ${where} is empty`)
  const unfenced = text.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/, '$1')
  let json: unknown
  try {
    json = JSON.parse(unfenced)
  } catch {
    throw new InvoiceExtractionError('json', `the ${where} is not JSON`)
  }
  const parsed = Invoice.safeParse(json)
  if (!parsed.success)
    throw new InvoiceExtractionError(
      'schema',
      `the ${where} does not match the invoice schema: ${parsed.error.issues[0]?.message}`,
    )
  return parsed.data
}
