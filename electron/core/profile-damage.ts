import { existsSync, renameSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { AppError } from '../../shared/errors';
import { formatBeijing } from '../../shared/time/beijing';

// A damaged database or settings file is handled like a damaged vault: name the file, never overwrite it, and let
// the seller choose a fresh start that keeps the damaged file beside the new one.

export type DamagedKind = 'database' | 'settings';

const WHAT: Record<DamagedKind, string> = { database: '数据库文件', settings: '设置文件' };

export function profileDamaged(kind: DamagedKind, file: string, why: string, cause?: unknown): AppError {
  return new AppError('PROFILE_DAMAGED', `${WHAT[kind]}已损坏或无法读取（${why}）：${file}`, { detail: { kind, file }, cause });
}

/** SQLite's answers for a file that is not (or no longer) a database. */
export function isCorruptDatabase(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(NOTADB|CORRUPT)/.test(code);
}

/**
 * A configured profile whose database is empty: history and the do-not-send list would vanish silently (and an
 * opted-out number could get marketing again), so it is refused rather than opened as new.
 */
export function assertDatabaseNotEmptied(file: string, profileConfigured: boolean): void {
  if (!profileConfigured || !existsSync(file)) return;
  if (statSync(file).size === 0) throw profileDamaged('database', file, '文件大小为 0，发送记录和免打扰名单都在其中');
}

/** Opens the settings store; a file conf/electron-store cannot parse becomes PROFILE_DAMAGED naming it. */
export function openSettingsGuarded<T>(file: string, open: () => T): T {
  try {
    return open();
  } catch (error) {
    if (error instanceof SyntaxError) throw profileDamaged('settings', file, error.message, error);
    throw error;
  }
}

/**
 * Moves a damaged file (and a database's -wal/-shm) aside as `<name>.damaged-<Beijing time>`, so the next start
 * creates a fresh one. Returns the new path of the main file.
 */
export function setAsideDamaged(file: string, now: number): string {
  const stamp = formatBeijing(now, true).replace(/[-: ]/g, '');
  const target = `${file}.damaged-${stamp}`;
  renameSync(file, target);
  for (const side of ['-wal', '-shm']) if (existsSync(file + side)) renameSync(file + side, target + side);
  return target;
}

/** What the hosts print or show: the problem, that the file is kept, and the way out. */
export function damagedAdvice(error: AppError): string {
  const file = typeof error.detail?.file === 'string' ? error.detail.file : '';
  return `${error.message}\n原文件会保留（改名为 ${basename(file)}.damaged-…），不会被覆盖。可以从备份恢复该文件，或以新的空文件启动。`;
}
