import type { ChatRequest } from '../types.js'

/**
 * The request `record` sends live for one step: the scenario's body with `model` pinned to that
 * step, no `models` (so the router cannot fall back and answer with another model), and
 * `provider.require_parameters: true` (so a provider that would silently drop `tools` or
 * `response_format` is not the one recorded); other provider preferences are kept.
 *
 * Streaming is turned off (`stream`, `stream_options` removed): a cassette holds one JSON body, and
 * the emulator turns it into SSE when a client streams. Neither field is part of the cassette key.
 */
export function buildStepRequest(request: ChatRequest, model: string): ChatRequest {
  const { models: _models, stream: _stream, stream_options: _streamOptions, ...rest } = request
  void _models
  void _stream
  void _streamOptions
  return { ...rest, model, provider: { ...(request.provider ?? {}), require_parameters: true } }
}

/**
 * A name segment safe on every file system: `/` becomes `__`, `:` becomes `_`, and any other
 * character outside `[A-Za-z0-9._-]` becomes `-`.
 *
 * @example safeSegment('meta-llama/llama-3.3-70b-instruct:free') // 'meta-llama__llama-3.3-70b-instruct_free'
 */
export function safeSegment(text: string): string {
  const safe = text
    .replaceAll('/', '__')
    .replaceAll(':', '_')
    .replace(/[^A-Za-z0-9._-]/g, '-')
  // A leading dot would hide the file (and `.`/`..` would escape the folder).
  return safe.replace(/^\.+/, (dots) => '_'.repeat(dots.length)) || '_'
}

/** `<step>-<model>.json`, e.g. `0-google__gemini-2.5-flash.json`. */
export function cassetteFileName(step: number, model: string): string {
  return `${step}-${safeSegment(model)}.json`
}

/** Files that {@link cassetteFileName} may have produced (temporary files never match). */
export const CASSETTE_FILE_PATTERN = /^\d+-[A-Za-z0-9._-]+\.json$/
