import type { Migration } from './migration';

/**
 * Leaner campaign_recipients indexes (issue 15 §7): an import of 1M rows wrote 6 full indexes per row, 3 of them on
 * random phone keys, for queries that only ever read rows that were sent. Those indexes now hold sent rows only:
 *
 * - phone / campaign_phone / tail (history and resend look-ups by number) → `WHERE submitted_at IS NOT NULL`. Every row
 *   with a delivery state was submitted (the ledger stamps submitted_at in the UPDATE that accepts it), and
 *   submitted_at never changes while reports arrive, so report ingest rewrites none of them. The history queries
 *   carry the same term so the planner can use them. The per-number index also orders by submitted_at (the 号码查询
 *   list is newest first), so the planner never prefers walking the shop's whole day index for it.
 * - chunk → `WHERE chunk_id IS NOT NULL`: rows get a chunk at preparation; `chunk_id = ?` (ledger, foreign key
 *   clean-up) implies it.
 * campaign_recipients_status (campaign_id, status) stays full: the ledger reads every status through it. So does
 * campaign_recipients_delivery: an import appends its (campaign_id, NULL) keys in order, which is cheap, and as a partial
 * index it would tie with the failed-only err_code index and take the 失败原因 filter off it.
 */
const migration: Migration = {
  version: 7,
  name: 'recipient-indexes',
  up(db) {
    db.exec(`
      DROP INDEX campaign_recipients_phone;
      CREATE INDEX campaign_recipients_phone ON campaign_recipients (shop_id, phone, submitted_at) WHERE submitted_at IS NOT NULL;
      DROP INDEX campaign_recipients_campaign_phone;
      CREATE INDEX campaign_recipients_campaign_phone ON campaign_recipients (campaign_id, phone) WHERE submitted_at IS NOT NULL;
      DROP INDEX campaign_recipients_tail;
      CREATE INDEX campaign_recipients_tail ON campaign_recipients (campaign_id, substr(phone, -4)) WHERE submitted_at IS NOT NULL;
      DROP INDEX campaign_recipients_chunk;
      CREATE INDEX campaign_recipients_chunk ON campaign_recipients (chunk_id) WHERE chunk_id IS NOT NULL;
    `);
  },
};
export default migration;
