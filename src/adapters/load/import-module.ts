import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import module from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { InputProblem } from '../../errors.js'
import { describeLoadError } from './load-error.js'
import { settleOrExplain, UnsettledImportError } from './settle-watch.js'
import { takeLoadErrors, whileLoadingUserCode } from '../process/user-code-guard.js'

/**
 * Loads one user file: `.json` and `.yaml` as data, `.js` with the native `import()`, `.ts` with tsx.
 *
 * Why tsx for TypeScript (docs/decisions/loader.md has the evidence): a scenario imports the app's
 * own modules unmodified, and app code written for `tsc` uses what Node 24's built-in type stripping
 * refuses: `.js` specifiers that name `.ts` files (the TypeScript ESM convention), `enum`s and
 * parameter properties (ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX), extension-less relative imports, and
 * tsconfig `paths`. tsx handles all of them, is already a dependency, and its `register({ namespace })`
 * API scopes its hooks to the imports we make, so the user's process and `.js` files stay native.
 * jiti would also work but is one more dependency for the same result.
 */

export const DATA_EXTENSIONS = ['.json', '.yaml', '.yml'] as const
export const JS_EXTENSIONS = ['.js', '.mjs', '.cjs'] as const
export const TS_EXTENSIONS = ['.ts', '.mts', '.cts'] as const
export const LOADABLE_EXTENSIONS: readonly string[] = [...TS_EXTENSIONS, ...JS_EXTENSIONS, ...DATA_EXTENSIONS]

export type ImportResult =
  /** `value`: the default export (`module.exports` for CommonJS), or the parsed JSON/YAML root. */
  { success: true; value: unknown; hasDefault: boolean } | { success: false; problem: InputProblem }

export interface ModuleLoader {
  /** `absolutePath` is loaded; `file` names it in sentences (relative to cwd, forward slashes). */
  load(absolutePath: string, file: string): Promise<ImportResult>
  /**
   * Unregisters the TypeScript hooks this loader registered, once nothing it loaded will import again
   * (the run is over). Every registered pair stays in the process and is consulted on each import after
   * it, so a long-lived process (vitest's watch mode re-running a cascade, a test worker) slows down with
   * each load left open. A later `load` registers afresh.
   */
  close(): Promise<void>
}

export interface ModuleLoaderOptions {
  /** Where relative paths in messages start, and where the user's tsconfig.json is looked for. */
  cwd: string
  /**
   * Awaited before each user module (`.ts`, `.js`) is imported, never for data files: `run` starts
   * its interception here, so a module's top-level code already meets it while a run of JSON and
   * YAML scenarios never loads it (start-up: docs/performance.md).
   */
  beforeUserCode?: (() => Promise<void>) | undefined
}

interface TsLoader {
  import: (specifier: string, parentURL: string) => Promise<unknown>
  unregister: () => Promise<void>
}

/**
 * One loader per load (a run, a `lint`): TypeScript files share one tsx namespace, so the app's
 * modules are evaluated once for all the scenarios that import them, and a later load starts fresh.
 */
export function createModuleLoader(options: ModuleLoaderOptions): ModuleLoader {
  let tsLoader: Promise<TsLoader> | undefined
  const typescript = () => (tsLoader ??= createTsLoader(options.cwd))

  return {
    async close() {
      const current = tsLoader
      tsLoader = undefined
      // A loader that never started (tsx failed to load) has nothing to unregister; its load said why.
      await current?.then((loader) => loader.unregister()).catch(() => undefined)
    },
    async load(absolutePath, file) {
      const extension = path.extname(absolutePath).toLowerCase()
      if ((DATA_EXTENSIONS as readonly string[]).includes(extension)) return loadData(absolutePath, file, extension)
      if (!LOADABLE_EXTENSIONS.includes(extension)) {
        return fail(
          file,
          `has the extension "${extension}", which the harness cannot load`,
          `use one of ${LOADABLE_EXTENSIONS.join(', ')}`,
        )
      }
      const isTypeScript = (TS_EXTENSIONS as readonly string[]).includes(extension)
      try {
        await options.beforeUserCode?.()
        const url = pathToFileURL(absolutePath).href
        const ts = isTypeScript ? await typescript() : undefined
        const namespace = await whileLoadingUserCode(() =>
          settleOrExplain(ts ? ts.import(url, import.meta.url) : import(url)),
        )
        // An error the module left uncaught while it loaded (a rejected promise nobody awaited).
        const [stray] = takeLoadErrors()
        if (stray !== undefined) throw stray
        return fromNamespace(namespace)
      } catch (error) {
        if (error instanceof UnsettledImportError)
          return fail(
            file,
            error.message,
            'make every top-level await finish (or move the work into the client), then run again',
          )
        return {
          success: false,
          problem: describeLoadError(error, { file, absolutePath, cwd: options.cwd, typescript: isTypeScript }),
        }
      }
    },
  }
}

async function createTsLoader(cwd: string): Promise<TsLoader> {
  // Lazy: a run over JSON and YAML scenarios never loads esbuild.
  const [esm, cjs] = await Promise.all([import('tsx/esm/api'), import('tsx/cjs/api')])
  const namespace = `cascade-harness-${randomUUID()}`
  // Both hooks under one namespace, as tsx's own `tsImport` does: a .ts file in a package without
  // "type": "module" is CommonJS, and the ESM hook hands it to the CommonJS one.
  const cjsApi = cjs.register({ namespace })
  const tsconfig = path.join(cwd, 'tsconfig.json')
  const esmApi = esm.register({ namespace, ...(existsSync(tsconfig) ? { tsconfig } : {}) })
  shareOwnModules()
  return {
    import: (specifier, parentURL) => esmApi.import(specifier, parentURL) as Promise<unknown>,
    unregister: async () => {
      cjsApi.unregister()
      await esmApi.unregister()
    },
  }
}

/**
 * This package's own built files (`dist/`), the ones the CLI itself runs from. Found through the
 * package's name, not this file's place: the build bundles this module into a chunk (scripts/build.mjs).
 */
const OWN_FILES = new URL('dist/', import.meta.resolve('cascade-harness/package.json')).href
const NAMESPACE_QUERY = /[?&]tsx-namespace=cascade-harness-[^&]*/
let sharing = false

/**
 * One copy of the harness: a scenario's `import { defineScenario } from 'cascade-harness'` resolves,
 * inside tsx's namespace, to our files with a `?tsx-namespace=...` query, which Node treats as other
 * modules, so the whole package (zod, the emulator, the runner) would load and evaluate a second
 * time. This resolve hook, which runs before tsx's (hooks run last registered first), hands back
 * the plain URL for our own `.js` files: they are plain JavaScript that needs no transform, and Node
 * returns the instance already loaded. Registered once per process, for every load's namespace.
 * `module.registerHooks` is Node 22.15+; on older Nodes the scenario gets its own copy, as before.
 */
function shareOwnModules(): void {
  if (sharing || typeof module.registerHooks !== 'function') return
  sharing = true
  module.registerHooks({
    resolve(specifier, context, nextResolve) {
      const resolved = nextResolve(specifier, context)
      if (!resolved.url.startsWith(OWN_FILES)) return resolved
      // ESM imports carry the namespace as a query; CommonJS requires (a .ts file in a package
      // without "type": "module") as an encoded one in the path, and then the query too
      // (`index.js%3Fnamespace=...?tsx-namespace=...`): both go, or the URL is still another module.
      const url = new URL(resolved.url)
      const encoded = url.pathname.indexOf('%3Fnamespace=cascade-harness-')
      const queried = NAMESPACE_QUERY.test(url.search)
      if (encoded === -1 && !queried) return resolved
      if (encoded !== -1) url.pathname = url.pathname.slice(0, encoded)
      if (queried) url.search = ''
      if (!url.pathname.endsWith('.js')) return resolved
      return { ...resolved, url: url.href }
    },
  })
}

function fromNamespace(namespace: unknown): ImportResult {
  const exports = namespace as Record<string, unknown>
  if (!('default' in exports)) return { success: true, value: undefined, hasDefault: false }
  let value = exports.default
  // An ESM-syntax file compiled to CommonJS (a .ts file in a package without "type": "module")
  // arrives as { default: { default: value } }; unwrap it the way bundlers do.
  if (value !== null && typeof value === 'object' && 'default' in value) {
    const inner = value as Record<string, unknown>
    if (inner.__esModule === true || Object.keys(inner).every((key) => key === 'default' || key === '__esModule'))
      value = inner.default
  }
  return { success: true, value, hasDefault: value !== undefined }
}

function fail(file: string, problem: string, fix: string): ImportResult {
  return { success: false, problem: { file, path: '', problem, fix } }
}

async function loadData(absolutePath: string, file: string, extension: string): Promise<ImportResult> {
  let text: string
  try {
    text = (await readFile(absolutePath, 'utf8')).replace(/^\uFEFF/, '')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return fail(
      file,
      code === 'ENOENT' ? 'the file does not exist' : `could not be read (${code ?? String(error)})`,
      'check the path and the file permissions',
    )
  }
  if (text.trim() === '')
    return fail(
      file,
      'is empty',
      extension === '.json' ? 'write a JSON object (or a list of them)' : 'write a YAML mapping (or a list of them)',
    )
  // The YAML parser loads only for a YAML file: a run of JSON or TypeScript scenarios never pays for it.
  return extension === '.json' ? parseJson(text, file) : parseYaml(text, file, await import('yaml'))
}

function parseJson(text: string, file: string): ImportResult {
  try {
    return { success: true, value: JSON.parse(text), hasDefault: true }
  } catch (error) {
    const { reason, offset } = jsonError(text, (error as Error).message)
    const where = offset === undefined ? '' : ` at ${lineAndColumn(text, offset)}`
    return fail(
      file,
      `is not valid JSON${where}: ${reason}`,
      'correct the JSON there (JSON allows no comments, no trailing commas, and only double-quoted strings)',
    )
  }
}

/**
 * V8's message without its position suffix, and the offset of the error. Most messages end with
 * "at position N (line L column C)"; "Unexpected token 'x', "...snippet..." is not valid JSON" has
 * no position, so the offset is searched for and the token named in words (it may be a newline).
 */
function jsonError(text: string, message: string): { reason: string; offset?: number } {
  const at = / in JSON at position (\d+)(?: \(line \d+ column \d+\))?$/.exec(message)
  if (at) return { reason: message.slice(0, at.index), offset: Number(at[1]) }
  if (!message.startsWith('Unexpected token'))
    return { reason: message.replace(/, (\.\.\.)?".*" is not valid JSON$/s, '') }
  const offset = firstBadOffset(text)
  if (offset === undefined) return { reason: message.replace(/, (\.\.\.)?".*" is not valid JSON$/s, '') }
  // A bare word (`tru`, `undefined`, `NaN`) is the usual cause: name the word, where it starts.
  const start = /[A-Za-z_$][\w$]*$/.exec(text.slice(0, offset))?.index ?? offset
  const word = /^[A-Za-z_$][\w$]*/.exec(text.slice(start))?.[0]
  if (word)
    return { reason: `${word} is not a JSON value (write true, false, null, a number or a "string")`, offset: start }
  return { reason: `unexpected character ${JSON.stringify(text[offset])}`, offset }
}

function lineAndColumn(text: string, offset: number): string {
  const lines = text.slice(0, offset).split('\n')
  return `line ${lines.length}, column ${(lines.at(-1)?.length ?? 0) + 1}`
}

/** The shortest prefix that fails with something other than "ended too early" ends at the bad token. */
function firstBadOffset(text: string): number | undefined {
  const failsEarly = (length: number): boolean => {
    try {
      JSON.parse(text.slice(0, length))
      return false
    } catch (error) {
      return (error as Error).message.startsWith('Unexpected token')
    }
  }
  let low = 1
  let high = text.length
  if (!failsEarly(high)) return undefined
  while (low < high) {
    const middle = Math.floor((low + high) / 2)
    if (failsEarly(middle)) high = middle
    else low = middle + 1
  }
  return low - 1
}

type Yaml = typeof import('yaml')
type YamlDocument = import('yaml').Document.Parsed

const YAML_FIX =
  'correct the YAML there (indent with spaces, and quote a value that contains ": " or starts with a special character)'

function parseYaml(text: string, file: string, yaml: Yaml): ImportResult {
  const documents = yaml.parseAllDocuments(text)
  const list = Array.isArray(documents) ? documents : []
  for (const document of list) {
    const first = document.errors[0]
    if (first) {
      // The message's first line already ends with "at line L, column C"; the rest is a code excerpt.
      const reason = first.message.split('\n')[0]!.replace(/:$/, '')
      return fail(file, `is not valid YAML: ${reason}`, YAML_FIX)
    }
    const alias = aliasProblem(document, yaml)
    if (alias)
      return fail(file, `is not valid YAML: ${alias.reason} at ${lineAndColumn(text, alias.offset)}`, alias.fix)
  }
  const values: unknown[] = []
  for (const document of list) {
    try {
      values.push(document.toJS())
    } catch (error) {
      // yaml refuses, with a ReferenceError, aliases whose expansion grows past its limit (an "alias bomb").
      if (!(error instanceof ReferenceError)) throw error
      return fail(
        file,
        `is not valid YAML: its aliases expand to too many copies (${error.message})`,
        'write the repeated parts out, or nest fewer aliases of aliases',
      )
    }
  }
  // Several `---` documents are several scenarios, like a list.
  return { success: true, value: values.length === 1 ? values[0] : values, hasDefault: true }
}

/**
 * An alias yaml cannot turn into data: one naming no anchor before it (yaml throws on it while
 * converting), or one inside the node its anchor marks (yaml then builds a value that contains itself,
 * which no JSON request can carry and every later walk of the scenario would loop on).
 */
function aliasProblem(document: YamlDocument, yaml: Yaml): { reason: string; offset: number; fix: string } | undefined {
  // The last node of each anchor so far, in document order: the node an alias there resolves to.
  const anchored = new Map<string, unknown>()
  let problem: { reason: string; offset: number; fix: string } | undefined
  yaml.visit(document, {
    Node(_key, node, path) {
      if (yaml.isAlias(node)) {
        const target = anchored.get(node.source)
        const offset = node.range?.[0] ?? 0
        if (target === undefined)
          problem = {
            reason: `the alias *${node.source} names no anchor before it`,
            offset,
            fix: `define &${node.source} on a node before this alias, or correct the alias's name`,
          }
        else if (path.includes(target as never))
          problem = {
            reason: `the alias *${node.source} is inside the node its anchor &${node.source} marks, so the value would contain itself`,
            offset,
            fix: 'write the nested part out (a JSON Schema recursion is a "$ref", such as "#/$defs/node")',
          }
        return problem ? yaml.visit.BREAK : undefined
      }
      if (node.anchor) anchored.set(node.anchor, node)
      return undefined
    },
  })
  return problem
}
