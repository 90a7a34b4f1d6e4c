/**
 * Typed errors. Each has a stable code and an exit category: input problems exit 2 with sentences,
 * internal errors exit 3. A failed gate is not an error: verdicts are data and `main` maps them to 1.
 * Messages never include request headers or keys.
 */
export type ExitCategory = 'input' | 'internal'

export class HarnessError extends Error {
  readonly code: string
  readonly category: ExitCategory
  constructor(code: string, message: string, category: ExitCategory = 'internal', options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
    this.code = code
    this.category = category
  }
}

/** One problem with something the user wrote: a sentence naming the file, the field path and the fix. */
export interface InputProblem {
  file: string
  path: string
  problem: string
  fix: string
}

export function renderProblem(p: InputProblem): string {
  const where = p.path ? `${p.file}: ${p.path}: ` : `${p.file}: `
  const problem = p.problem.replace(/\.$/, '')
  // A problem that ends in a question ("did you mean x?") needs no full stop after it.
  const stop = /[?!]$/.test(problem) ? ' ' : '. '
  return `${where}${problem}${stop}Fix: ${p.fix.replace(/\.$/, '')}.`
}

/** Bad input (a scenario, the config, a flag, a catalog file). Exits 2. */
export class InputError extends HarnessError {
  readonly problems: InputProblem[]
  constructor(problems: InputProblem[], code = 'E_INPUT') {
    super(code, problems.map(renderProblem).join('\n'), 'input')
    this.problems = problems
  }
}
