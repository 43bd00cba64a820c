import type { Migration } from './migration';

/** Shops: every business table references one (a seller may run several shops later). */
const migration: Migration = {
  version: 1,
  name: 'shops',
  up(db) {
    db.exec(`
      CREATE TABLE shops (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
      );
      INSERT INTO shops (id, name, created_at) VALUES (1, '', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
    `);
  },
};
export default migration;

/** The shop used until multi-shop support lands. */
export const DEFAULT_SHOP_ID = 1;
