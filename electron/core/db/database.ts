import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './migrations';
import type { Migration } from './migrations/migration';
import { assertDatabaseNotEmptied, isCorruptDatabase, profileDamaged } from '../profile-damage';

export type Db = Database.Database;

/**
 * `profileConfigured`: the profile already holds a vault, so an empty database file means lost data, not a first
 * start. A file SQLite cannot read is refused with PROFILE_DAMAGED (never recreated over it).
 */
export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS, options: { profileConfigured?: boolean } = {}): Db {
  if (file !== ':memory:') {
    assertDatabaseNotEmptied(file, options.profileConfigured ?? false);
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    makePrivate(file);
  }
  const db = new Database(file);
  try {
    // First: two processes opening a new profile at once (the app and a CLI) must wait for each other's WAL switch
    // and migrations instead of failing with SQLITE_BUSY.
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    if (file !== ':memory:') for (const side of ['-wal', '-shm']) if (existsSync(file + side)) chmodSync(file + side, 0o600);
    db.pragma('synchronous = NORMAL'); // WAL + NORMAL is durable against app crashes (not power loss mid-checkpoint).
    db.pragma('foreign_keys = ON');
    migrate(db, migrations);
  } catch (error) {
    db.close();
    if (isCorruptDatabase(error)) throw profileDamaged('database', file, error instanceof Error ? error.message : String(error), error);
    throw error;
  }
  return db;
}

export function migrate(db: Db, migrations: readonly Migration[], upTo = Number.POSITIVE_INFINITY): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const applied = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  const ran: number[] = [];
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  for (const migration of sorted) {
    if (migration.version > upTo || applied.has(migration.version)) continue;
    // IMMEDIATE takes the write lock before looking again: another process opening the same profile may have
    // applied this step since the list above was read.
    const done = db
      .transaction(() => {
        if (db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(migration.version)) return false;
        migration.up(db);
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
          migration.version,
          migration.name,
          new Date().toISOString(),
        );
        return true;
      })
      .immediate();
    if (done) ran.push(migration.version);
  }
  return ran;
}

export function schemaVersion(db: Db): number {
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

/**
 * Sends, replies and phone numbers: owner-only. The file is created 0600 before SQLite opens it because SQLite
 * gives its -wal and -shm files the database file's permissions; existing profiles are tightened too.
 */
function makePrivate(file: string) {
  if (process.platform === 'win32') return;
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}
