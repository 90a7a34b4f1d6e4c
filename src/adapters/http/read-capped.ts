/** A body larger than the cap, stopped at the cap: what was read is dropped, the stream cancelled. */
export class BodyTooLargeError extends Error {
  readonly maxBytes: number
  constructor(maxBytes: number) {
    super(`the answer is larger than ${Math.round(maxBytes / (1024 * 1024))} MB`)
    this.name = 'BodyTooLargeError'
    this.maxBytes = maxBytes
  }
}

/**
 * A response's text, read only up to `maxBytes`: `response.text()` would buffer a runaway body whole
 * (a 300 MB answer took 4.7 GB of memory in a probe), so past the cap the read stops and throws.
 */
export async function readTextCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'))
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined)
    throw new BodyTooLargeError(maxBytes)
  }
  if (response.body === null) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined)
      throw new BodyTooLargeError(maxBytes)
    }
    chunks.push(value)
  }
  return new TextDecoder().decode(Buffer.concat(chunks))
}
