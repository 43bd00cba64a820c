import type { Migration } from './migration';

/**
 * Why a number is on the do-not-send list (免打扰名单), which decides what it blocks:
 * - 'optout' (退订): the buyer opted out of marketing (a reply such as 退订/T/R). Blocks marketing (template type 2);
 *   service notices (发货/物流) still go out unless the seller's setting makes opt-outs block everything.
 * - 'block' (拉黑): the seller's block. Blocks every send.
 * Existing rows: opt-out replies become 'optout'; manual and imported entries blocked everything before, and keep doing so.
 */
const migration: Migration = {
  version: 10,
  name: 'suppression-reason',
  up(db) {
    db.exec(`
      ALTER TABLE suppression ADD COLUMN reason TEXT NOT NULL DEFAULT 'block' CHECK (reason IN ('optout', 'block'));
      UPDATE suppression SET reason = 'optout' WHERE source = 'reply';
    `);
  },
};

export default migration;
