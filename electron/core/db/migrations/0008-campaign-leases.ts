import type { Migration } from './migration';

/**
 * campaign_leases: which process is sending (or reconciling) a campaign right now. The app and a CLI may share a
 * profile: start-up recovery turns in_flight chunks into unknown only for campaigns with no live lease, and a second
 * process refuses to resume a leased campaign. A lease is live while its heartbeat is fresh and its process exists
 * (a SIGKILLed owner leaves a row whose pid is gone). owner = a per-engine instance id, holder = the app or a CLI run (for the message). Times are ISO-8601 UTC.
 */
const migration: Migration = {
  version: 8,
  name: 'campaign-leases',
  up(db) {
    db.exec(`
      CREATE TABLE campaign_leases (
        campaign_id INTEGER PRIMARY KEY REFERENCES campaigns(id) ON DELETE CASCADE,
        owner TEXT NOT NULL,
        pid INTEGER NOT NULL,
        holder TEXT NOT NULL CHECK (holder IN ('app', 'cli')),
        acquired_at TEXT NOT NULL,
        heartbeat_at TEXT NOT NULL
      );
    `);
  },
};

export default migration;
