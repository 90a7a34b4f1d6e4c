import type { ClientContext } from '../../../../../../../index.js'
import { InvoiceSchema } from './schemas.js'

/** The app's own client: what a scenario's `client` function calls. */
export async function extractInvoice({ fetch, baseUrl, request, signal }: ClientContext): Promise<unknown> {
  const response = await fetch(`${baseUrl}/chat/completions`, { method: 'POST', body: JSON.stringify(request), signal })
  const body = (await response.json()) as { choices: { message: { content: string } }[] }
  return InvoiceSchema.parse(JSON.parse(body.choices[0]!.message.content))
}
