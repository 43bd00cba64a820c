import { chmodSync, mkdirSync } from 'node:fs';
import { open, rename, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

/** The profile holds the database and the encrypted vault: only the seller's account may list or open it. */
export function ensurePrivateDir(dir: string, platform: NodeJS.Platform = process.platform): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // mkdir's mode is masked by umask and leaves an existing directory alone; Windows has no POSIX modes.
  if (platform !== 'win32') chmodSync(dir, 0o700);
}

/** The file operations writeFileDurably needs; tests pass a recording double. */
export interface DurableIo {
  open(path: string, flags: string, mode?: number): Promise<Pick<FileHandle, 'writeFile' | 'sync' | 'close'>>;
  rename(from: string, to: string): Promise<void>;
}
const nodeIo: DurableIo = { open, rename };

/**
 * Write-then-rename with fsync: the data reaches the disk before the rename makes it current, and the
 * rename itself is flushed with the directory. A crash or power cut leaves either the old or the new file.
 */
export async function writeFileDurably(file: string, data: string | Uint8Array, mode = 0o600, io: DurableIo = nodeIo): Promise<void> {
  const tmp = `${file}.tmp`;
  const handle = await io.open(tmp, 'w', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await io.rename(tmp, file);
  await syncDirectory(dirname(file), io);
}

async function syncDirectory(dir: string, io: DurableIo) {
  let handle: Awaited<ReturnType<DurableIo['open']>>;
  try {
    handle = await io.open(dir, 'r');
  } catch {
    return; // Windows cannot open a directory; NTFS journals the rename itself.
  }
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a directory; the file itself is already on disk.
  } finally {
    await handle.close();
  }
}
