import type { Migration } from './migration';

/**
 * Delivery history (issue 10): every submitted number's final state.
 *
 * - campaign_recipients gains the delivery columns. delivery is NULL until the number has a biz_id, then
 *   pending → delivered | failed (from a report or num.query) | unknown (no final state within the window).
 *   report_id / rept_time identify the report that decided it: the latest by (rept_time, id) wins, so an
 *   out-of-order older report never overrides a newer one. report_count counts every report (all kept in
 *   delivery_reports for the timeline). delivery_source = 'report' | 'query'. checked_at / check_count track
 *   num.query reconciliation; query_status is the last sms_status seen (1 waiting, 2 failed, 3 delivered).
 * - history_unmatched: reports whose (biz_id, phone) has no recipient row yet (a report can beat the batchsend
 *   answer, or its chunk's commit). The triggers below match them the moment the row gets its biz_id, in the
 *   same transaction as the ledger's write, so no coordination with the sender is needed.
 * Indexes are chosen for the ingest path too: every report updates delivery/err_code, so only (campaign_id, delivery)
 * and a failed-only (campaign_id, err_code) index depend on them (each extra one costs ~15 µs per report).
 * Times: ISO-8601 UTC, except rept_time which is the platform's 'yyyy-MM-dd HH:mm:ss' (Beijing) string.
 */
interface RowRef {
  id: string;
  shop: string;
  biz: string;
  phone: string;
}
const NEW_ROW: RowRef = { id: 'NEW.id', shop: 'NEW.shop_id', biz: 'NEW.biz_id', phone: 'NEW.phone' };

/** The three statements that (re)start a row's delivery and apply the reports waiting for it. */
function applyWaiting(r: RowRef): string[] {
  const waiting = `FROM history_unmatched u JOIN delivery_reports d ON d.id = u.report_id
      WHERE u.shop_id = ${r.shop} AND u.biz_id = ${r.biz} AND u.phone = ${r.phone} AND d.state IN ('1', '2')`;
  return [
    `UPDATE campaign_recipients SET delivery = 'pending', err_code = NULL, rept_time = NULL, reported_at = NULL,
      report_id = NULL, delivery_source = NULL, query_status = NULL,
      report_count = (SELECT COUNT(*) FROM history_unmatched u WHERE u.shop_id = ${r.shop} AND u.biz_id = ${r.biz} AND u.phone = ${r.phone})
    WHERE id = ${r.id}`,
    `UPDATE campaign_recipients SET (delivery, err_code, rept_time, reported_at, report_id, delivery_source) = (
      SELECT CASE d.state WHEN '1' THEN 'delivered' ELSE 'failed' END, d.err_code, d.rept_time, d.reported_at, d.id, 'report'
      ${waiting} ORDER BY d.rept_time DESC, d.id DESC LIMIT 1)
    WHERE id = ${r.id} AND EXISTS (SELECT 1 ${waiting})`,
    `DELETE FROM history_unmatched WHERE shop_id = ${r.shop} AND biz_id = ${r.biz} AND phone = ${r.phone}`,
  ];
}
const triggerBody = applyWaiting(NEW_ROW)
  .map((s) => `${s};`)
  .join('\n');

/**
 * The ledger accepts numbers of an unknown-outcome chunk from num.query, which carries no biz_id: such a row is
 * submitted (pending) without a receipt. A waiting report for the same number sent within ADOPT_WINDOW of the
 * row's submitted_at (the platform's send time) gives it its biz_id — which fires the trigger above.
 */
export const ADOPT_WINDOW_MINUTES = 5;
const ADOPT_CANDIDATE = `FROM history_unmatched u JOIN delivery_reports d ON d.id = u.report_id
  WHERE u.shop_id = NEW.shop_id AND u.phone = NEW.phone AND NEW.submitted_at IS NOT NULL
    AND d.send_time BETWEEN datetime(NEW.submitted_at, '+8 hours', '-${ADOPT_WINDOW_MINUTES} minutes') AND datetime(NEW.submitted_at, '+8 hours', '+${ADOPT_WINDOW_MINUTES} minutes')`;

const migration: Migration = {
  version: 5,
  name: 'history',
  up(db) {
    db.exec(`
      ALTER TABLE campaign_recipients ADD COLUMN delivery TEXT CHECK (delivery IN ('pending', 'delivered', 'failed', 'unknown'));
      ALTER TABLE campaign_recipients ADD COLUMN err_code TEXT;
      ALTER TABLE campaign_recipients ADD COLUMN rept_time TEXT;
      ALTER TABLE campaign_recipients ADD COLUMN reported_at TEXT;
      ALTER TABLE campaign_recipients ADD COLUMN report_id INTEGER;
      ALTER TABLE campaign_recipients ADD COLUMN report_count INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE campaign_recipients ADD COLUMN delivery_source TEXT CHECK (delivery_source IN ('report', 'query'));
      ALTER TABLE campaign_recipients ADD COLUMN checked_at TEXT;
      ALTER TABLE campaign_recipients ADD COLUMN check_count INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE campaign_recipients ADD COLUMN query_status INTEGER;

      CREATE INDEX campaign_recipients_delivery ON campaign_recipients (campaign_id, delivery);
      CREATE INDEX campaign_recipients_err_code ON campaign_recipients (campaign_id, err_code) WHERE delivery = 'failed';
      CREATE INDEX campaign_recipients_submitted_day ON campaign_recipients (shop_id, submitted_at) WHERE submitted_at IS NOT NULL;
      CREATE INDEX campaign_recipients_campaign_phone ON campaign_recipients (campaign_id, phone);
      CREATE INDEX campaign_recipients_tail ON campaign_recipients (campaign_id, substr(phone, -4));

      CREATE TABLE history_unmatched (
        report_id INTEGER PRIMARY KEY REFERENCES delivery_reports(id) ON DELETE CASCADE,
        shop_id INTEGER NOT NULL REFERENCES shops(id),
        biz_id TEXT NOT NULL,
        phone TEXT NOT NULL,
        received_at TEXT NOT NULL
      );
      CREATE INDEX history_unmatched_key ON history_unmatched (shop_id, biz_id, phone);

      CREATE TRIGGER history_recipient_biz_update AFTER UPDATE OF biz_id ON campaign_recipients
      WHEN NEW.biz_id IS NOT NULL AND NEW.biz_id IS NOT OLD.biz_id
      BEGIN ${triggerBody}
      END;
      CREATE TRIGGER history_recipient_accepted_without_receipt AFTER UPDATE OF status ON campaign_recipients
      WHEN NEW.status = 'accepted' AND NEW.biz_id IS NULL AND NEW.delivery IS NULL
      BEGIN
        UPDATE campaign_recipients SET delivery = 'pending' WHERE id = NEW.id;
        UPDATE campaign_recipients SET biz_id = (SELECT u.biz_id ${ADOPT_CANDIDATE} ORDER BY d.id LIMIT 1)
          WHERE id = NEW.id AND EXISTS (SELECT 1 ${ADOPT_CANDIDATE});
      END;
      CREATE TRIGGER history_recipient_biz_insert AFTER INSERT ON campaign_recipients
      WHEN NEW.biz_id IS NOT NULL
      BEGIN ${triggerBody}
      END;
    `);
    // Rows submitted before this migration start pending; reports already stored are matched now.
    db.exec(`INSERT INTO history_unmatched (report_id, shop_id, biz_id, phone, received_at)
      SELECT id, shop_id, biz_id, phone, received_at FROM delivery_reports`);
    const backfill = applyWaiting({ id: '@id', shop: '@shop', biz: '@biz', phone: '@phone' }).map((sql) => db.prepare(sql));
    db.exec("UPDATE campaign_recipients SET delivery = 'pending' WHERE status = 'accepted' AND biz_id IS NULL");
    const rows = db.prepare('SELECT id, shop_id AS shop, biz_id AS biz, phone FROM campaign_recipients WHERE biz_id IS NOT NULL').all();
    for (const row of rows) for (const statement of backfill) statement.run(row);
  },
};
export default migration;
