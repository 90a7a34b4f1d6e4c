import { distance } from 'fastest-levenshtein'

/**
 * The closest candidate to a misspelt name, or undefined when nothing is close enough to be a
 * plausible typo. Case and the separators `-`, `_`, `.` are ignored first, so
 * `anthropic/claude-sonnet-4-5` finds `anthropic/claude-sonnet-4.5`.
 */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const normal = (s: string) => s.toLowerCase().replace(/[-_.\s]/g, '')
  const wanted = normal(input)
  let best: string | undefined
  let bestScore = Infinity
  for (const candidate of candidates) {
    const score = distance(wanted, normal(candidate))
    if (score < bestScore) {
      best = candidate
      bestScore = score
    }
  }
  // A third of the name may differ; beyond that the suggestion is noise.
  return best !== undefined && bestScore <= Math.max(2, Math.floor(wanted.length / 3)) ? best : undefined
}
