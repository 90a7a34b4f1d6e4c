import { createHash } from 'node:crypto'
import type { HashFn } from '../../core/cassette/canonical.js'

/** The cassette key hash: SHA-256 of the canonical JSON, lowercase hex (`sha256sum` prints the same). */
export const sha256Hex: HashFn = (text) => createHash('sha256').update(text, 'utf8').digest('hex')
