import { glob, readdir, stat } from 'node:fs/promises'
import type { Dirent } from 'node:fs'
import path from 'node:path'
import type { InputProblem } from '../../errors.js'
import { didYouMean } from '../../core/did-you-mean.js'
import { LOADABLE_EXTENSIONS } from './import-module.js'

/**
 * What a folder is searched for: names ending in `.scenario` and a loadable extension, at any depth,
 * as the glob `**` + `/*.scenario.{ts,mts,cts,js,mjs,cjs,json,yaml,yml}` reads it (case-sensitive,
 * no name starting with a dot). Built from the loader's list, so the two never disagree.
 */
const SCENARIO_FILE_NAME = new RegExp(
  `^(?!\\.).*\\.scenario(?:${LOADABLE_EXTENSIONS.map((extension) => `\\${extension}`).join('|')})$`,
)

export interface FoundFile {
  /** Absolute path. */
  absolutePath: string
  /** Relative to cwd, forward slashes: what reports and sentences show. */
  file: string
}

export type FindFilesResult = { files: FoundFile[]; problems: InputProblem[] }

const GLOB_CHARACTERS = /[*?[\]{}]/

/**
 * Expands what the user typed into scenario files: a file is taken as is, a folder is searched for
 * `*.scenario.*` (node_modules skipped), anything with glob characters is a pattern. All relative to
 * cwd. The order is stable across machines: sorted by the shown path, by code unit, not by locale.
 * A path that matches nothing is a problem (a gate that silently runs zero scenarios passes).
 *
 * Node's own `fs.promises.glob` (stable in Node 22.17/24) matches patterns: braces, `**`, no dependency.
 */
export async function findFiles(paths: readonly string[], options: { cwd: string }): Promise<FindFilesResult> {
  const found = new Map<string, FoundFile>()
  const problems: InputProblem[] = []
  const add = (absolutePath: string) => {
    const file = toShown(absolutePath, options.cwd)
    found.set(absolutePath, { absolutePath, file })
  }

  for (const given of paths) {
    const shown = given.split(path.sep).join('/')
    if (GLOB_CHARACTERS.test(given)) {
      const matches = await globFiles(given, options.cwd)
      if (matches.length === 0)
        problems.push({
          file: shown,
          path: '',
          problem: 'no file matches this pattern',
          fix: 'check the pattern (it is matched from the current folder)',
        })
      matches.forEach(add)
      continue
    }
    const absolutePath = path.resolve(options.cwd, given)
    const stats = await stat(absolutePath).catch(() => undefined)
    if (!stats) {
      problems.push({ file: shown, path: '', ...(await missingPath(absolutePath, options.cwd)) })
    } else if (stats.isDirectory()) {
      const matches = await scenarioFilesIn(absolutePath)
      if (matches.length === 0) {
        problems.push({
          file: shown,
          path: '',
          problem: 'the folder holds no scenario files',
          fix: 'add a file named `<name>.scenario.ts` (or .js, .json, .yaml) or pass the files themselves',
        })
      }
      matches.forEach(add)
    } else if (!LOADABLE_EXTENSIONS.includes(path.extname(absolutePath).toLowerCase())) {
      problems.push({
        file: shown,
        path: '',
        problem: `is not a file the harness can load`,
        fix: `pass a scenario file ending in ${LOADABLE_EXTENSIONS.join(', ')}`,
      })
    } else {
      add(absolutePath)
    }
  }

  const files = [...found.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
  return { files, problems }
}

async function globFiles(pattern: string, cwd: string): Promise<string[]> {
  const results: string[] = []
  // Patterns use forward slashes on every platform.
  const iterator = glob(pattern.split(path.sep).join('/'), {
    cwd,
    withFileTypes: true,
    exclude: (entry) => entry.name === 'node_modules',
  })
  for await (const entry of iterator) {
    const file = path.join(entry.parentPath, entry.name)
    if (await isFileOrLinkToOne(entry, file)) results.push(file)
  }
  return results.filter((file) => LOADABLE_EXTENSIONS.includes(path.extname(file).toLowerCase()))
}

/**
 * The scenario files under a folder, as the pattern above with node_modules skipped would find them: no
 * dot folders, symbolic links to folders not followed, links to files taken. A walk of the tree rather
 * than `fs.glob`, which loads Node's minimatch and compiles the pattern: most of a `lint`'s file search.
 */
async function scenarioFilesIn(folder: string): Promise<string[]> {
  const results: string[] = []
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => [])
  for (const entry of entries) {
    const file = path.join(folder, entry.name)
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) results.push(...(await scenarioFilesIn(file)))
    } else if (SCENARIO_FILE_NAME.test(entry.name) && (await isFileOrLinkToOne(entry, file))) {
      results.push(file)
    }
  }
  return results
}

/** A found entry a scenario can be read from: a file, or a symbolic link to one (not to a folder). */
async function isFileOrLinkToOne(entry: Dirent, file: string): Promise<boolean> {
  return entry.isFile() || (entry.isSymbolicLink() && (await stat(file).catch(() => undefined))?.isFile() === true)
}

function toShown(absolutePath: string, cwd: string): string {
  return path.relative(cwd, absolutePath).split(path.sep).join('/')
}

/** "check the spelling" is better with the sibling the user probably meant. */
async function missingPath(absolutePath: string, cwd: string): Promise<{ problem: string; fix: string }> {
  const parent = path.dirname(absolutePath)
  const siblings = await readdir(parent).catch(() => undefined)
  if (siblings === undefined)
    return { problem: 'the path does not exist', fix: 'check the path (it is relative to the current folder)' }
  const guess = didYouMean(path.basename(absolutePath), siblings)
  if (guess)
    return {
      problem: `the path does not exist (did you mean ${toShown(path.join(parent, guess), cwd)}?)`,
      fix: 'correct the path',
    }
  return { problem: 'the path does not exist', fix: 'check the spelling (paths are relative to the current folder)' }
}
