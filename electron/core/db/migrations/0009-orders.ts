import type { Migration } from './migration';

/**
 * Orders (issue 17): order events from TMC (via RocketMQ) and backfill from the trade APIs.
 *
 * - mq_messages: rebuilt so `kind` may be 'order' (SQLite cannot alter a CHECK).
 * - orders: one row per (shop, tid) (a rowid table: list pages and counts walk small indexes). tid is TEXT: order numbers have 19 digits and never pass through a double.
 *   status / status_rank are derived from the latest facts and never go back (shared/orders/status.ts);
 *   fact_at is the time of the fact that set the status (equal ranks: the newer fact wins). Times are epoch ms;
 *   created_at … end_at come from the platform when known, else from the event that implies them.
 *   buyer_nick is stored masked; there are no receiver columns, on purpose: receiver name/phone/address are never kept.
 *   items is a JSON array [{oid,title,num}] (item titles are product data); item_text joins the titles for search.
 *   sort_at orders the list (created, else first seen). order_items_fts: trigram index over item_text (item search of
 *   3+ characters), kept by triggers only when the titles really change.
 * - order_events: the timeline. Every MQ event (source 'mq') and every status change found by a backfill or a detail
 *   fetch (source 'sync'). event_key = topic + tid + content hash, so the same event under two MessageIds is stored once.
 *   detail holds only non-buyer facts of the event (JSON object of strings).
 * - order_oaids: the OAID cache for sending (an encrypted receiver id, not plaintext); valid_until = the end of the natural
 *   week it was fetched in or the max age, whichever is first; an address change drops it.
 * - order_sync: backfill jobs. cursor_ms walks backwards from to_ms to from_ms; it is committed with each page's orders,
 *   so a crash resumes at the page it stopped at. covered_until on a finished job is the coverage mark.
 * - order_coverage: per shop, the last time the poller was known to be consuming (gaps are measured from it).
 */
const migration: Migration = {
  version: 9,
  name: 'orders',
  up(db) {
    db.exec(`
      CREATE TABLE mq_messages_new (
        shop_id INTEGER NOT NULL REFERENCES shops(id),
        message_id TEXT NOT NULL,
        topic TEXT NOT NULL,
        tag TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL CHECK (kind IN ('report', 'reply', 'order', 'quarantined')),
        outcome TEXT NOT NULL CHECK (outcome IN ('stored', 'duplicate', 'quarantined')),
        publish_time INTEGER,
        consumed_times INTEGER NOT NULL DEFAULT 1,
        received_at TEXT NOT NULL,
        PRIMARY KEY (shop_id, message_id)
      ) WITHOUT ROWID;
      INSERT INTO mq_messages_new SELECT shop_id, message_id, topic, tag, kind, outcome, publish_time, consumed_times, received_at FROM mq_messages;
      DROP TABLE mq_messages;
      ALTER TABLE mq_messages_new RENAME TO mq_messages;

      CREATE TABLE orders (
        id INTEGER PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shops(id),
        tid TEXT NOT NULL CHECK (tid <> '' AND tid NOT GLOB '*[^0-9]*'),
        status TEXT NOT NULL DEFAULT '',
        status_rank INTEGER NOT NULL DEFAULT 0,
        fact_at INTEGER NOT NULL DEFAULT 0,
        type TEXT NOT NULL DEFAULT '',
        buyer_open_uid TEXT NOT NULL DEFAULT '',
        buyer_nick TEXT NOT NULL DEFAULT '',
        payment TEXT NOT NULL DEFAULT '',
        payment_fen INTEGER,
        post_fee TEXT NOT NULL DEFAULT '',
        created_at INTEGER,
        pay_at INTEGER,
        consign_at INTEGER,
        end_at INTEGER,
        modified_at INTEGER,
        signed_at INTEGER,
        refund_status TEXT NOT NULL DEFAULT '',
        refund_fee TEXT NOT NULL DEFAULT '',
        refund_at INTEGER,
        logistics_action TEXT NOT NULL DEFAULT '',
        logistics_company TEXT NOT NULL DEFAULT '',
        logistics_out_sid TEXT NOT NULL DEFAULT '',
        logistics_at INTEGER,
        items TEXT NOT NULL DEFAULT '[]',
        item_text TEXT NOT NULL DEFAULT '',
        event_count INTEGER NOT NULL DEFAULT 0,
        last_event_at INTEGER,
        detail_at INTEGER,
        sort_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX orders_tid ON orders (shop_id, tid);
      CREATE INDEX orders_recent ON orders (shop_id, sort_at DESC, tid);
      CREATE INDEX orders_status ON orders (shop_id, status, sort_at DESC);
      CREATE INDEX orders_buyer ON orders (shop_id, buyer_open_uid, sort_at DESC) WHERE buyer_open_uid <> '';

      CREATE VIRTUAL TABLE order_items_fts USING fts5(item_text, content = 'orders', content_rowid = 'id', tokenize = 'trigram');
      CREATE TRIGGER order_items_fts_insert AFTER INSERT ON orders WHEN NEW.item_text <> ''
        BEGIN INSERT INTO order_items_fts (rowid, item_text) VALUES (NEW.id, NEW.item_text); END;
      CREATE TRIGGER order_items_fts_update AFTER UPDATE OF item_text ON orders WHEN OLD.item_text IS NOT NEW.item_text
        BEGIN
          INSERT INTO order_items_fts (order_items_fts, rowid, item_text) SELECT 'delete', OLD.id, OLD.item_text WHERE OLD.item_text <> '';
          INSERT INTO order_items_fts (rowid, item_text) SELECT NEW.id, NEW.item_text WHERE NEW.item_text <> '';
        END;
      CREATE TRIGGER order_items_fts_delete AFTER DELETE ON orders WHEN OLD.item_text <> ''
        BEGIN INSERT INTO order_items_fts (order_items_fts, rowid, item_text) VALUES ('delete', OLD.id, OLD.item_text); END;

      CREATE TABLE order_events (
        id INTEGER PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shops(id),
        tid TEXT NOT NULL,
        topic TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('mq', 'sync')),
        message_id TEXT,
        event_key TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT '',
        at INTEGER,
        detail TEXT NOT NULL DEFAULT '{}',
        received_at INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX order_events_key ON order_events (shop_id, event_key);
      CREATE INDEX order_events_tid ON order_events (shop_id, tid, id);

      CREATE TABLE order_oaids (
        shop_id INTEGER NOT NULL REFERENCES shops(id),
        tid TEXT NOT NULL,
        oaid TEXT NOT NULL,
        fetched_at INTEGER NOT NULL,
        valid_until INTEGER NOT NULL,
        PRIMARY KEY (shop_id, tid)
      ) WITHOUT ROWID;

      CREATE TABLE order_sync (
        id INTEGER PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shops(id),
        kind TEXT NOT NULL CHECK (kind IN ('increment', 'initial')),
        state TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed', 'cancelled')),
        from_ms INTEGER NOT NULL,
        to_ms INTEGER NOT NULL,
        cursor_ms INTEGER NOT NULL,
        page_no INTEGER NOT NULL DEFAULT 1,
        synced INTEGER NOT NULL DEFAULT 0,
        pages INTEGER NOT NULL DEFAULT 0,
        calls INTEGER NOT NULL DEFAULT 0,
        error_code TEXT,
        error_message TEXT NOT NULL DEFAULT '',
        error_top_code INTEGER,
        error_sub_code TEXT,
        started_at INTEGER NOT NULL,
        finished_at INTEGER
      );
      CREATE INDEX order_sync_recent ON order_sync (shop_id, id DESC);

      CREATE TABLE order_coverage (
        shop_id INTEGER PRIMARY KEY REFERENCES shops(id),
        consuming_until INTEGER
      );
    `);
  },
};
export default migration;
