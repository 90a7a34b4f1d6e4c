import { randomBytes } from 'node:crypto'
import { mkdir, open, rename as fsRename, rm, type FileHandle } from 'node:fs/promises'
import path from 'node:path'

export interface AtomicWriteOptions {
  /**
   * The final step, replaceable so tests can fail between the write and the rename (what a crash or
   * a full disk does). Default: `fs.rename`, atomic within one folder on POSIX and NTFS.
   */
  rename?: (from: string, to: string) => Promise<void>
  /**
   * Flush the file and its folder to disk (fsync) before and after the rename (default true). Off,
   * the replacement is still atomic against a kill or a full disk, only a power cut may lose it: for
   * files a run writes anew (reports), where each fsync costs tens of milliseconds on a slow disk,
   * a visible share of a short command (start-up: docs/performance.md).
   */
  durable?: boolean
}

/**
 * Writes a file so that a reader sees the old content or the new one, never half of either: the
 * text goes to a temporary file in the same folder (same file system, so the rename is atomic),
 * is flushed to disk (fsync, unless `durable` is false), and only then renamed over the target. On failure the temporary file
 * is removed and the old file is untouched. Temporary names start with a dot and end in `.tmp`, so
 * a crash that skips the clean-up leaves nothing a cassette reader would load.
 */
export async function writeFileAtomic(file: string, text: string, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = path.dirname(file)
  const durable = options.durable ?? true
  await mkdir(dir, { recursive: true })
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  let handle: FileHandle | undefined
  try {
    handle = await open(temp, 'wx', 0o644)
    await handle.writeFile(text, 'utf8')
    if (durable) await handle.sync()
    await handle.close()
    handle = undefined
    await (options.rename ?? fsRename)(temp, file)
  } catch (error) {
    await handle?.close().catch(() => undefined)
    await rm(temp, { force: true })
    throw error
  }
  if (durable) await syncDirectory(dir)
}

/** Makes the rename itself durable. Best effort: Windows cannot open a folder for fsync. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined
  try {
    handle = await open(dir, 'r')
    await handle.sync()
  } catch {
    // Not supported on this platform; the rename is still atomic, only its durability is weaker.
  } finally {
    await handle?.close().catch(() => undefined)
  }
}
