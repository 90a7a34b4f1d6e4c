import type { InputProblem } from '../../errors.js'
import { catalogFileSchema, type CatalogFile } from '../../schema/catalog.js'
import { parseWithProblems } from '../load/zod-problems.js'

/** More than this many problems in one catalog is one mistake repeated: show a few and count the rest. */
const MAX_PROBLEMS = 5

/**
 * Validates a parsed catalog document (a file or the router's answer). `where` names it in sentences;
 * `remedy` is added to each problem's own fix (`or run cascade-harness catalog pull ...`).
 */
export function parseCatalogDocument(
  value: unknown,
  where: string,
  remedy: string,
): { success: true; data: CatalogFile } | { success: false; problems: InputProblem[] } {
  const result = parseWithProblems(catalogFileSchema, value, { file: where, subject: 'catalog' })
  if (!result.success) {
    const shown = result.problems
      .slice(0, MAX_PROBLEMS)
      .map((p) => ({ ...p, fix: `${p.fix.replace(/\.$/, '')}, or ${remedy}` }))
    const hidden = result.problems.length - shown.length
    if (hidden > 0)
      shown.push({
        file: where,
        path: '',
        problem: `and ${hidden} more ${hidden === 1 ? 'problem' : 'problems'} like these`,
        fix: remedy,
      })
    return { success: false, problems: shown }
  }
  if (result.data.data.length === 0) {
    return {
      success: false,
      problems: [{ file: where, path: 'data', problem: 'the catalog lists no models', fix: remedy }],
    }
  }
  return result
}
