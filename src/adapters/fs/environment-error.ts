/**
 * File-system failures that are the machine's, not the harness's: a full disk, a read-only mount, a
 * folder without permission, a file where a folder should be. They are the user's to fix, so a
 * command says which and exits 2; any other error while writing is a bug of ours (exit 3).
 */
const ENVIRONMENT_CAUSES: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission was denied',
  EPERM: 'the operation is not permitted',
  EROFS: 'the file system is read-only',
  EISDIR: 'a folder is in the way of the file',
  ENOTDIR: 'a file is in the way of a folder',
  EEXIST: 'a file is in the way of a folder',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'the path has a symbolic-link loop',
  EMFILE: 'too many files are open',
  ENFILE: 'too many files are open',
  EIO: 'the disk reported an input/output error',
}

/** The plain-words cause of a file-system error the environment is responsible for, else undefined. */
export function environmentCause(error: unknown): { code: string; cause: string } | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (typeof code !== 'string') return undefined
  const cause = ENVIRONMENT_CAUSES[code]
  return cause === undefined ? undefined : { code, cause }
}
