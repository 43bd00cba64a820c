import type { Migration } from './migration';

/**
 * Pushed messages from RocketMQ: delivery reports (聚石塔短消息发送结果报告) and replies (短信上行).
 *
 * - mq_messages: one row per MQ MessageId ever processed, so a redelivery (same MessageId, new handle)
 *   is recognised and only acked. `outcome` says what the message became.
 * - delivery_reports: unique by the business key (biz_id, phone, state, rept_time), so the same report
 *   pushed twice under two MessageIds is stored once. A later send history joins on
 *   (shop_id, biz_id, phone): biz_id is the send API's receipt code (module), phone the recipient.
 * - replies: unique by sms_seq (the platform's uplink id).
 * - quarantine: bodies that could not be parsed or classified, kept verbatim; they are acked (no poison loop).
 * - raw: the MQ message body exactly as received (envelope included), for audit and reprocessing.
 * Lists page by id (arrival order), so there is no index on received_at.
 * Times: *_at columns are ISO-8601 UTC; the platform's own 'yyyy-MM-dd HH:mm:ss' strings are kept as sent.
 */
const migration: Migration = {
  version: 2,
  name: 'messages',
  up(db) {
    db.exec(`
      CREATE TABLE mq_messages (
        shop_id INTEGER NOT NULL REFERENCES shops(id),
        message_id TEXT NOT NULL,
        topic TEXT NOT NULL,
        tag TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL CHECK (kind IN ('report', 'reply', 'quarantined')),
        outcome TEXT NOT NULL CHECK (outcome IN ('stored', 'duplicate', 'quarantined')),
        publish_time INTEGER,
        consumed_times INTEGER NOT NULL DEFAULT 1,
        received_at TEXT NOT NULL,
        PRIMARY KEY (shop_id, message_id)
      ) WITHOUT ROWID;

      CREATE TABLE delivery_reports (
        id INTEGER PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shops(id),
        biz_id TEXT NOT NULL,
        phone TEXT NOT NULL DEFAULT '',
        state TEXT NOT NULL,
        success INTEGER NOT NULL CHECK (success IN (0, 1)),
        err_code TEXT NOT NULL DEFAULT '',
        send_time TEXT NOT NULL DEFAULT '',
        rept_time TEXT NOT NULL DEFAULT '',
        reported_at TEXT,
        extend TEXT NOT NULL DEFAULT '',
        message_id TEXT NOT NULL,
        received_at TEXT NOT NULL,
        raw TEXT NOT NULL
      );
      CREATE UNIQUE INDEX delivery_reports_business_key ON delivery_reports (shop_id, biz_id, phone, state, rept_time);
      CREATE INDEX delivery_reports_phone ON delivery_reports (shop_id, phone);

      CREATE TABLE replies (
        id INTEGER PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shops(id),
        sms_seq TEXT NOT NULL,
        phone TEXT NOT NULL,
        content TEXT NOT NULL DEFAULT '',
        dest_code TEXT NOT NULL DEFAULT '',
        sign_name TEXT NOT NULL DEFAULT '',
        sender_time TEXT NOT NULL DEFAULT '',
        replied_at TEXT,
        message_id TEXT NOT NULL,
        received_at TEXT NOT NULL,
        raw TEXT NOT NULL
      );
      CREATE UNIQUE INDEX replies_sms_seq ON replies (shop_id, sms_seq);
      CREATE INDEX replies_phone ON replies (shop_id, phone);

      CREATE TABLE quarantine (
        id INTEGER PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shops(id),
        message_id TEXT NOT NULL,
        topic TEXT NOT NULL,
        tag TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL,
        reason TEXT NOT NULL,
        received_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX quarantine_message ON quarantine (shop_id, message_id);
    `);
  },
};
export default migration;
