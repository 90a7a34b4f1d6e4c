import { createRequire } from 'node:module'

/**
 * The package version, read once from package.json. By the package's own name (a self-reference
 * through its "exports"), not a relative path: built code sits in bundle chunks whose folder is the
 * bundler's choice, and src/ runs the same lookup under vitest.
 */
export const VERSION: string = (createRequire(import.meta.url)('cascade-harness/package.json') as { version: string })
  .version
