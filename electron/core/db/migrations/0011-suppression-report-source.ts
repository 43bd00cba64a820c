import type { Migration } from './migration';

/**
 * The do-not-send list gets a fourth source, 'report': numbers whose delivery reports say 空号 or carrier blacklist
 * (shared/history/report-codes.ts doNotResendReason), added automatically after N such reports.
 * SQLite cannot alter a CHECK, so the table is rebuilt from its own stored definition with only the CHECK widened:
 * every other column (and any added by another migration) is kept as it is.
 */
const OLD_CHECK = "CHECK (source IN ('manual', 'reply', 'import'))";
const NEW_CHECK = "CHECK (source IN ('manual', 'reply', 'import', 'report'))";

const migration: Migration = {
  version: 11,
  name: 'suppression-report-source',
  up(db) {
    const sql = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'suppression'").pluck().get() as string | undefined;
    if (!sql?.includes(OLD_CHECK)) throw new Error('suppression table definition is not the expected one');
    const rebuilt = sql.replace(OLD_CHECK, NEW_CHECK).replace(/^CREATE TABLE\s+"?suppression"?/, 'CREATE TABLE suppression_rebuilt');
    db.exec(`${rebuilt};
      INSERT INTO suppression_rebuilt SELECT * FROM suppression;
      DROP TABLE suppression;
      ALTER TABLE suppression_rebuilt RENAME TO suppression;`);
  },
};
export default migration;
