import type { Migration } from './migration';

/**
 * The process running a campaign's recipient import (the app or a CLI on the same profile): a running import whose
 * process is gone is interrupted at once, not only after a minute without progress.
 */
const migration: Migration = {
  version: 13,
  name: 'import-pid',
  up(db) {
    db.exec('ALTER TABLE campaigns ADD COLUMN import_pid INTEGER');
  },
};
export default migration;
