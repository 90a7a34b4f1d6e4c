import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { InputProblem } from '../../errors.js'
import { STOPPED_BY_HARNESS } from '../../core/judge.js'

/**
 * An error thrown while importing user code (a missing module, a syntax error, a throw at top
 * level) is a problem with the user's input: one sentence, the user's own paths, never a stack.
 */

export interface LoadErrorContext {
  /** The file being loaded, as shown (relative to cwd). */
  file: string
  absolutePath: string
  cwd: string
  /** Loaded through the TypeScript loader (changes the "run it yourself" hint). */
  typescript: boolean
}

export function describeLoadError(error: unknown, context: LoadErrorContext): InputProblem {
  const problem = (text: string, fix: string): InputProblem => ({ file: context.file, path: '', problem: text, fix })
  if (!(error instanceof Error)) {
    return problem(`could not be loaded: it threw ${safeString(error)}`, runItHint(context))
  }
  const code = (error as NodeJS.ErrnoException).code
  if (error.name === STOPPED_BY_HARNESS) {
    return problem(
      `stopped while loading: ${error.message}`,
      'remove the process.exit call: a scenario or config module only exports what the harness runs',
    )
  }

  if (code === 'ERR_MODULE_NOT_FOUND') return moduleNotFound(error.message, context, problem)
  if (code === 'MODULE_NOT_FOUND') return requireNotFound(error, context, problem)

  // esbuild (through tsx): "Transform failed with 1 error:\n/abs/file.ts:2:27: ERROR: Expected "}" but found "y""
  const transform = /^(.+?):(\d+):(\d+): ERROR: (.+)$/m.exec(error.message)
  if (error.name === 'TransformError' || (transform && error.message.startsWith('Transform failed'))) {
    if (transform) {
      const [, where, line, column, reason] = transform
      const inOther = path.resolve(where!) !== context.absolutePath ? ` in ${display(where!, context.cwd)}` : ''
      // esbuild counts columns from 0; editors (and the JSON and YAML sentences) from 1.
      return problem(
        `has a syntax error${inOther} at line ${line}, column ${Number(column) + 1}: ${reason}`,
        'correct the syntax there',
      )
    }
    return problem(`has a syntax error: ${firstLine(error.message)}`, 'correct the syntax')
  }

  // A parse error from V8 carries no frames of its own (its stack starts inside node:internal).
  if (error instanceof SyntaxError && userFrame(error.stack, context.cwd) === undefined) {
    return problem(
      `has a syntax error: ${firstLine(error.message)}`,
      `run \`node --check ${context.file}\` to see the line, and correct it`,
    )
  }

  const prefix = error.name && error.name !== 'Error' ? `${error.name}: ` : ''
  const where = userFrame(error.stack, context.cwd)
  const at = where ? ` (thrown at ${where})` : ''
  return problem(
    `could not be loaded: ${prefix}${relativize(firstLine(error.message), context.cwd)}${at}`,
    `make the module load without throwing; ${runItHint(context)}`,
  )
}

function runItHint(context: LoadErrorContext): string {
  return `\`${context.typescript ? 'npx tsx' : 'node'} ${context.file}\` shows the full stack`
}

function moduleNotFound(
  message: string,
  context: LoadErrorContext,
  problem: (text: string, fix: string) => InputProblem,
): InputProblem {
  // Node: "Cannot find module '/abs/src/x.js' imported from /abs/scenarios/a.scenario.ts"
  //       "Cannot find package 'left-pad' imported from /abs/scenarios/a.scenario.ts"
  const parsed = /^Cannot find (module|package) '([^']+)' imported from (.+)$/.exec(firstLine(message))
  if (!parsed)
    return problem(
      `could not be loaded: ${relativize(firstLine(message), context.cwd)}`,
      'check the import paths and that every package it imports is installed',
    )
  const [, kind, target, importerRaw] = parsed
  const importer = toPath(importerRaw!)
  const fromOther = importer !== context.absolutePath ? ` (imported from ${display(importer, context.cwd)})` : ''

  if (kind === 'package') {
    return problem(
      `could not be loaded: Cannot find package '${target}'${fromOther}`,
      `install it (\`npm install ${packageName(target!)}\`) or correct the import`,
    )
  }
  // Show the specifier the way it was written: relative to the importing file. Node reports the
  // resolved path, which for a package entry point (`cascade-harness` → dist/index.js) was never
  // written by the user: then name the missing file itself.
  const missing = toPath(target!)
  let specifier = path.relative(path.dirname(importer), missing).split(path.sep).join('/')
  if (!specifier.startsWith('.')) specifier = `./${specifier}`
  if (!sourceMentions(importer, specifier)) {
    return problem(
      `could not be loaded: ${display(missing, context.cwd)} does not exist${fromOther}`,
      'check the import; a package whose entry point is missing needs to be built or reinstalled',
    )
  }
  const tsTwin = missing.replace(/\.(m|c)?js$/, '.$1ts')
  const fix =
    !context.typescript && tsTwin !== missing && existsSync(tsTwin)
      ? `\`${specifier}\` names ${path.basename(tsTwin)}, which plain JavaScript cannot import: rename this scenario to \`.scenario.ts\` so the harness loads it with its TypeScript loader`
      : 'correct the import path (relative imports name the file, and TypeScript ESM names `x.ts` as `./x.js`)'
  return problem(`could not be loaded: Cannot find module '${specifier}'${fromOther}`, fix)
}

function sourceMentions(file: string, specifier: string): boolean {
  try {
    const text = readFileSync(file, 'utf8')
    return text.includes(`'${specifier}'`) || text.includes(`"${specifier}"`) || text.includes(`\`${specifier}\``)
  } catch {
    return false
  }
}

/**
 * The CommonJS form (a .ts file in a package without "type": "module" is compiled to CommonJS):
 * "Cannot find module './x.js'\nRequire stack:\n- /abs/src/importer.ts\n- ..." with the specifier as written.
 */
function requireNotFound(
  error: Error,
  context: LoadErrorContext,
  problem: (text: string, fix: string) => InputProblem,
): InputProblem {
  const specifier = /^Cannot find module '([^']+)'/.exec(error.message)?.[1]
  const requireStack = (error as { requireStack?: unknown }).requireStack
  const importer =
    Array.isArray(requireStack) && typeof requireStack[0] === 'string' ? toPath(requireStack[0]) : undefined
  if (specifier === undefined)
    return problem(
      `could not be loaded: ${relativize(firstLine(error.message), context.cwd)}`,
      'check the import paths and that every package it imports is installed',
    )
  const fromOther =
    importer !== undefined && importer !== context.absolutePath
      ? ` (imported from ${display(importer, context.cwd)})`
      : ''
  if (!specifier.startsWith('.') && !path.isAbsolute(specifier)) {
    return problem(
      `could not be loaded: Cannot find package '${specifier}'${fromOther}`,
      `install it (\`npm install ${packageName(specifier)}\`) or correct the import`,
    )
  }
  return problem(
    `could not be loaded: Cannot find module '${specifier}'${fromOther}`,
    'correct the import path (relative imports name the file, and TypeScript ESM names `x.ts` as `./x.js`)',
  )
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageName(specifier: string): string {
  return specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/')
}

/** `file:///abs/x.ts?tsx-namespace=...` or `/abs/x.ts` → `/abs/x.ts`. */
function toPath(location: string): string {
  const bare = location.replace(/\?.*$/, '')
  return bare.startsWith('file:') ? fileURLToPath(bare) : path.resolve(bare)
}

function display(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, toPath(absolute))
  return (relative === '' ? '.' : relative).split(path.sep).join('/')
}

/** The first stack frame in the user's own code: `scenarios/a.scenario.ts:3:9`. */
function userFrame(stack: string | undefined, cwd: string): string | undefined {
  for (const line of (stack ?? '').split('\n').slice(1)) {
    // "at fn (/abs/file.ts:3:9)", "at /abs/file.ts:3:9", "at file:///abs/file.mjs:3:9"; never "node:internal/...".
    const match = /^at (?:.*? \()?((?:file:\/\/)?(?:\/|[A-Za-z]:[\\/])[^()]*?):(\d+):(\d+)\)?$/.exec(line.trim())
    if (!match) continue
    const location = toPath(match[1]!)
    if (
      location.includes(`${path.sep}node_modules${path.sep}`) ||
      location.includes(`${path.sep}cascade-harness${path.sep}dist${path.sep}`)
    )
      continue
    return `${display(location, cwd)}:${match[2]}`
  }
  return undefined
}

/** Absolute paths (and file URLs) under cwd inside a message, shown relative to cwd. */
function relativize(message: string, cwd: string): string {
  const prefix = cwd.endsWith(path.sep) ? cwd : `${cwd}${path.sep}`
  const urlPrefix = pathToFileURL(prefix).href
  return message.split(urlPrefix).join('').split(prefix).join('')
}

function firstLine(text: string): string {
  return (text.split('\n').find((line) => line.trim() !== '') ?? text).trim()
}

function safeString(value: unknown): string {
  try {
    return typeof value === 'string' ? JSON.stringify(value) : String(value)
  } catch {
    return 'a value that is not an Error'
  }
}
