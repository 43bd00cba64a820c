import type { Migration } from './migration';

/**
 * Sending to the buyers of orders (issue 17 §5).
 *
 * - campaigns.audience: 'phones' (numbers) or 'orders' (buyers of orders, sent by OAID + order id);
 *   order_options = {perOrder, varMap} JSON; meta = caller's labels (automations, audiences) as a JSON object.
 *   kind gains 'automation' (campaigns an automation creates).
 * - campaign_recipients of an order campaign: tid (exact text), buyer_open_uid (the buyer key: dedupe, do-not-send),
 *   buyer_nick (masked), order_fields (the order's masked facts a template may use, JSON), oaid (the one the chunk was
 *   sent with), oaid_error (why none could be had: NO_OAID_CODES). phone holds the ledger key `tid:<tid>` (the delivery
 *   report of an OAID send names the order as out_id), so reports match on (biz_id, phone) like any other row.
 * - "accepted at most once per campaign" also per order, as a schema rule.
 *
 * SQLite cannot alter a CHECK: widening campaigns.kind's CHECK edits the stored definition (SQLite's documented
 * procedure for changes that leave stored rows valid, "ALTER TABLE" §7). A rebuild cannot run inside the migration's
 * transaction: dropping campaigns would cascade to every chunk and recipient row.
 */
const OLD_KIND_CHECK = "CHECK (kind IN ('campaign', 'single', 'resend'))";
const NEW_KIND_CHECK = "CHECK (kind IN ('campaign', 'single', 'resend', 'automation'))";

const migration: Migration = {
  version: 12,
  name: 'order-sends',
  up(db) {
    const sql = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'campaigns'").pluck().get() as string | undefined;
    if (!sql?.includes(OLD_KIND_CHECK)) throw new Error('campaigns table definition is not the expected one');
    const version = db.pragma('schema_version', { simple: true }) as number;
    db.unsafeMode(true);
    try {
      db.pragma('writable_schema = ON');
      db.prepare("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'campaigns'").run(sql.replace(OLD_KIND_CHECK, NEW_KIND_CHECK));
      db.pragma(`schema_version = ${version + 1}`);
      db.pragma('writable_schema = OFF');
    } finally {
      db.unsafeMode(false);
    }
    db.exec(`
      ALTER TABLE campaigns ADD COLUMN audience TEXT NOT NULL DEFAULT 'phones' CHECK (audience IN ('phones', 'orders'));
      ALTER TABLE campaigns ADD COLUMN order_options TEXT;
      ALTER TABLE campaigns ADD COLUMN meta TEXT NOT NULL DEFAULT '{}';

      ALTER TABLE campaign_recipients ADD COLUMN tid TEXT CHECK (tid IS NULL OR (tid <> '' AND tid NOT GLOB '*[^0-9]*'));
      ALTER TABLE campaign_recipients ADD COLUMN buyer_open_uid TEXT;
      ALTER TABLE campaign_recipients ADD COLUMN buyer_nick TEXT NOT NULL DEFAULT '';
      ALTER TABLE campaign_recipients ADD COLUMN order_fields TEXT;
      ALTER TABLE campaign_recipients ADD COLUMN oaid TEXT;
      ALTER TABLE campaign_recipients ADD COLUMN oaid_error TEXT;

      CREATE INDEX campaign_recipients_tid ON campaign_recipients (shop_id, tid) WHERE tid IS NOT NULL;
      CREATE INDEX campaign_recipients_buyer ON campaign_recipients (shop_id, buyer_open_uid) WHERE buyer_open_uid IS NOT NULL;
      CREATE UNIQUE INDEX campaign_recipients_one_accepted_order ON campaign_recipients (campaign_id, tid) WHERE status = 'accepted' AND tid IS NOT NULL;
    `);
  },
};
export default migration;
