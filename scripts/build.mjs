/**
 * `npm run build`: type declarations from tsc, JavaScript from esbuild as a split bundle.
 *
 * Why a bundle (issue 11, start-up): Node's ESM loader costs about a millisecond per module, and a
 * run used to load some 250 of them (about 140 of ours, 95 of zod's) before its first case. esbuild
 * writes the package's entry points plus shared chunks, so every entry point (`cascade-harness`,
 * `/vitest`, `/msw`, the CLI) imports the same chunk files: a TypeScript scenario that imports
 * `cascade-harness` gets the instances the CLI already loaded (one copy of the package, see
 * src/adapters/load/import-module.ts). `import()` stays lazy: each one becomes a chunk loaded on demand.
 *
 * zod is bundled in (95 modules become part of one chunk) without its translations: the harness's
 * messages are English, and the 40 other locales were half of zod's code. A user's own zod is their
 * copy and keeps its locales. Other dependencies stay external: msw must be the one the user's code
 * shares, and the rest load on demand or are a file or two each.
 *
 * `node scripts/build.mjs` (what `npm run build` runs).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))

/** Source of each path in package.json's "bin" and "exports" (`./dist/x.js` is built from `src/x.ts`). */
const ENTRY_POINTS = [...Object.values(pkg.bin), ...Object.values(pkg.exports).map((target) => target.default)]
  .filter((target) => typeof target === 'string' && target.startsWith('./dist/') && target.endsWith('.js'))
  .map((target) => `src/${target.slice('./dist/'.length, -'.js'.length)}.ts`)
const BUNDLED_DEPENDENCIES = new Set(['zod'])

// TypeScript's own bin file (its "exports" hides bin/, not package.json), run on this Node. Found by
// Node's resolution, as esbuild is, so a copy hoisted to a workspace's node_modules counts too.
const tsc = typescriptBin()
const esbuild = await import('esbuild').catch(() => undefined)
if (tsc === undefined || esbuild === undefined) {
  // `npm install /path/to/a/fresh/clone` links the folder without its dev dependencies, then runs `prepare`.
  process.stderr.write(
    `cascade-harness build: the dev dependencies (typescript, esbuild) are not installed in ${ROOT}. Fix: run \`npm ci\` there first, or install the tarball \`npm pack\` makes.\n`,
  )
  process.exit(1)
}
// Only now: a build that cannot run leaves the last dist/ in place.
rmSync(new URL('../dist/', import.meta.url), { recursive: true, force: true })
const declarations = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' })
if (declarations.status !== 0) process.exit(declarations.status ?? 1)

const external = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)]
  .filter((name) => !BUNDLED_DEPENDENCIES.has(name))
  .flatMap((name) => [name, `${name}/*`])

/** zod's locale index with English only: the rest are never used by our copy (see above). */
let zodLocalesReplaced = false
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => {
      zodLocalesReplaced = true
      return {
        contents: 'export { default as en } from "./en.js"\n',
        loader: 'js',
        resolveDir: path.dirname(args.path),
      }
    })
  },
}

await esbuild.build({
  absWorkingDir: ROOT,
  entryPoints: ENTRY_POINTS,
  outdir: 'dist',
  outbase: 'src',
  // Chunks sit in dist/ itself, beside index.js.
  chunkNames: '[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22.12',
  external,
  plugins: [zodEnglishOnly],
  // Maps to the sources' paths (not their text, which the package does not ship), read only when
  // CASCADE_DEBUG=1 turns them on: a bug report's stack then names src/ files and lines, not chunks
  // (of the chunks loaded after that: `NODE_OPTIONS=--enable-source-maps` maps the CLI's first ones too).
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
})
// A zod release that moves its locales makes the bundle bigger, not wrong: say so rather than fail.
if (!zodLocalesReplaced)
  process.stderr.write("build: zod's locale index was not found, so the bundle carries all its locales\n")

function typescriptBin() {
  try {
    const bin = path.join(path.dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc')
    return existsSync(bin) ? bin : undefined
  } catch {
    return undefined
  }
}
