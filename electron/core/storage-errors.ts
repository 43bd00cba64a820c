import { AppError } from '../../shared/errors';

// A write that fails because of the disk (full, read-only, gone) is the seller's to fix, not an internal error:
// every place that writes (vault, settings, SQLite, uploads) reports it in these words.

const DISK_FULL = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL']);
const NOT_WRITABLE = new Set(['EROFS', 'EACCES', 'EPERM', 'EIO', 'SQLITE_READONLY', 'SQLITE_IOERR', 'SQLITE_CANTOPEN']);

function errorCode(error: unknown): string | null {
  if (!error || typeof error !== 'object') return null;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return null;
  // SQLite extended codes (SQLITE_IOERR_WRITE) count as their primary code.
  const primary = /^SQLITE_[A-Z]+/.exec(code)?.[0];
  return primary && NOT_WRITABLE.has(primary) ? primary : code;
}

/** The storage AppError for a disk failure, or null when `error` is something else. */
export function storageError(error: unknown): AppError | null {
  const code = errorCode(error);
  if (!code) return null;
  if (DISK_FULL.has(code))
    return new AppError('STORAGE', '磁盘空间不足，无法保存。请清理资料目录所在的磁盘后重试，已保存的数据不受影响。', { detail: { cause: code }, cause: error });
  if (NOT_WRITABLE.has(code))
    return new AppError('STORAGE', `无法写入资料目录（${code}）。请确认磁盘可写、文件没有被其他程序占用后重试。`, { detail: { cause: code }, cause: error });
  return null;
}
