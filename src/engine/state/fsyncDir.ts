import * as fs from 'node:fs/promises';

/**
 * Flushes a folder's entries, so a file created or renamed into it survives a power cut — the
 * rename in "write temp, fsync, rename" is only durable once its folder is. Windows cannot open
 * a folder for syncing (and NTFS journals renames itself), so there it is a no-op.
 */
export async function fsyncDir(dir: string): Promise<void> {
  let fh: fs.FileHandle | undefined;
  try {
    fh = await fs.open(dir, 'r');
    await fh.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EACCES') throw error;
  } finally {
    await fh?.close();
  }
}
