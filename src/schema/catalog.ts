import { z } from 'zod'
import type { Catalog, CatalogModel } from '../core/types.js'

/**
 * A catalog file: the router's `GET /api/v1/models` answer (`{ data: Model[] }`, docs/router-behaviour.md §6.1)
 * plus our `pulledAt` and `source`. Lenient: every object keeps the fields we do not read, so a
 * pulled file round-trips whole, and only the fields lint and the emulator rely on are checked.
 */

/** The router writes prices as strings (USD per token); a hand-written number is accepted too. */
const price = z
  .union([z.string(), z.number()])
  .transform(String)
  // A price that is no number ("NaN", "", "free") would cost 0 and let every cost budget pass; -1 is the
  // router's mark for a variable price (openrouter/auto).
  .refine((text) => text.trim() !== '' && Number.isFinite(Number(text)) && (Number(text) >= 0 || Number(text) === -1), {
    message: 'a price is a number of US dollars per token, such as "0.0000003" ("-1" for a variable price)',
  })

/**
 * One endpoint of a model: a provider serving it, in the shape of the router's
 * `GET /api/v1/models/{author}/{slug}/endpoints` answer (`provider_name`, `tag`, `quantization`, `pricing`
 * are the router's field names), plus two facts of ours that the router publishes elsewhere: `zdr` (whether
 * the endpoint is listed by `GET /api/v1/endpoints/zdr`) and `training` (whether it may train on prompts,
 * the provider data-policy field of the same name). A fact left out is unknown: no provider filter removes
 * an endpoint for a fact the catalog does not state (src/core/emulator/README.md, "Provider filters").
 */
const catalogEndpointSchema = z.looseObject({
  provider_name: z.string().min(1),
  tag: z.string().optional(),
  /** The router's quantization (`fp8`, `bf16`, ...); `unknown` is the router's own value for closed models. */
  quantization: z.string().nullable().optional(),
  /** USD per token, as strings, like the model's `pricing`. */
  pricing: z.looseObject({ prompt: price, completion: price, request: price.optional() }).optional(),
  zdr: z.boolean().optional(),
  training: z.boolean().optional(),
})

export const catalogModelSchema = z.looseObject({
  id: z.string().min(1),
  canonical_slug: z.string().optional(),
  name: z.string().optional(),
  context_length: z.number().nonnegative().nullable().default(null),
  pricing: z.looseObject({ prompt: price, completion: price, request: price.optional() }),
  top_provider: z
    .looseObject({
      context_length: z.number().nonnegative().nullable().optional(),
      max_completion_tokens: z.number().nonnegative().nullable().optional(),
      is_moderated: z.boolean().default(false),
    })
    .default({ is_moderated: false }),
  supported_parameters: z.array(z.string()).default([]),
  /** Ours, not the router's: display names of the providers serving the model, default route first. */
  providers: z.array(z.string()).optional(),
  /** Ours, not the router's `Model` (its endpoints API): per-endpoint facts the provider filters read. */
  endpoints: z.array(catalogEndpointSchema).optional(),
})

export const catalogFileSchema = z.looseObject({
  /** When the list was pulled (ISO 8601). */
  pulledAt: z.string().optional(),
  /** Where it was pulled from (`https://openrouter.ai/api/v1/models`). */
  source: z.string().optional(),
  data: z.array(catalogModelSchema),
})

export type CatalogFile = z.output<typeof catalogFileSchema>

/** A parsed catalog file as the core's `Catalog`; a repeated id keeps its first entry. */
export function catalogFromFile(file: CatalogFile, source: string): Catalog {
  const seen = new Set<string>()
  const models: CatalogModel[] = []
  for (const model of file.data) {
    if (seen.has(model.id)) continue
    seen.add(model.id)
    models.push(model)
  }
  return { source, ...(file.pulledAt !== undefined ? { pulledAt: file.pulledAt } : {}), models }
}
