import type { Migration } from './migration';

/**
 * Inbox (issue 11): one thread per phone, read state and opt-out flags of replies, what we sent, search.
 *
 * - inbox_threads: per (shop, phone) bookkeeping kept by the ingest hook and the sent indexer in the same
 *   transaction as the rows they count: newest message, unread replies, reply/sent counts, the newest reply still
 *   flagged 疑似退订. The thread list reads only this table (index on last_at).
 * - inbox_reply_state: per reply (replies.id): read or not, opt-out flag (shared/inbox/contract.ts OPT_OUT_FLAGS).
 * - inbox_sent: every SMS we sent (campaign_recipients row once in flight / accepted / 未确认), rendered once with
 *   the recipient's own values and 【签名】. Delivery state is read live from campaign_recipients.
 * - inbox_sent_queue: filled by triggers on campaign_recipients (the ledger needs no inbox code); the inbox's
 *   indexer renders and indexes the rows and empties it.
 * - inbox_fts: FTS5 trigram over reply text and sent text (Chinese substrings of ≥ 3 characters match); phone is
 *   stored, not indexed (numbers are searched on inbox_threads, 1 row per phone, which halves the index writes of every
 *   ingested reply). kind 'r' = reply (ref = replies.id), 's' = sent (ref = campaign_recipients.id).
 *   Unread threads are found through inbox_threads_recent (no index of its own: one less b-tree write per reply).
 * Times are ISO-8601 UTC.
 */
const SENT_STATES = `('in_flight', 'accepted', 'unconfirmed')`;

const migration: Migration = {
  version: 6,
  name: 'inbox',
  up(db) {
    db.exec(`
      CREATE TABLE inbox_threads (
        shop_id INTEGER NOT NULL REFERENCES shops(id),
        phone TEXT NOT NULL,
        last_at TEXT NOT NULL,
        last_kind TEXT NOT NULL CHECK (last_kind IN ('reply', 'sent')),
        last_text TEXT NOT NULL DEFAULT '',
        unread INTEGER NOT NULL DEFAULT 0 CHECK (unread >= 0),
        replies INTEGER NOT NULL DEFAULT 0,
        sent INTEGER NOT NULL DEFAULT 0,
        likely_reply_id INTEGER,
        PRIMARY KEY (shop_id, phone)
      ) WITHOUT ROWID;
      CREATE INDEX inbox_threads_recent ON inbox_threads (shop_id, last_at DESC, phone) WHERE replies > 0;
      CREATE INDEX inbox_threads_likely ON inbox_threads (shop_id, last_at DESC, phone) WHERE likely_reply_id IS NOT NULL;

      CREATE TABLE inbox_reply_state (
        reply_id INTEGER PRIMARY KEY REFERENCES replies(id) ON DELETE CASCADE,
        shop_id INTEGER NOT NULL REFERENCES shops(id),
        phone TEXT NOT NULL,
        read INTEGER NOT NULL DEFAULT 0 CHECK (read IN (0, 1)),
        opt_out TEXT NOT NULL DEFAULT 'none' CHECK (opt_out IN ('none', 'certain', 'likely', 'confirmed', 'dismissed'))
      );
      CREATE INDEX inbox_reply_state_unread ON inbox_reply_state (shop_id, phone) WHERE read = 0;

      CREATE TABLE inbox_sent (
        recipient_id INTEGER PRIMARY KEY REFERENCES campaign_recipients(id) ON DELETE CASCADE,
        shop_id INTEGER NOT NULL REFERENCES shops(id),
        phone TEXT NOT NULL,
        campaign_id INTEGER NOT NULL,
        text TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX inbox_sent_phone ON inbox_sent (shop_id, phone, at DESC);

      CREATE TABLE inbox_sent_queue (recipient_id INTEGER PRIMARY KEY);
      CREATE TRIGGER inbox_sent_on_update AFTER UPDATE OF status ON campaign_recipients
        WHEN NEW.status IN ${SENT_STATES} AND OLD.status NOT IN ${SENT_STATES}
        BEGIN INSERT OR IGNORE INTO inbox_sent_queue (recipient_id) VALUES (NEW.id); END;
      CREATE TRIGGER inbox_sent_on_insert AFTER INSERT ON campaign_recipients
        WHEN NEW.status IN ${SENT_STATES}
        BEGIN INSERT OR IGNORE INTO inbox_sent_queue (recipient_id) VALUES (NEW.id); END;

      CREATE VIRTUAL TABLE inbox_fts USING fts5(body, phone UNINDEXED, kind UNINDEXED, ref UNINDEXED, shop_id UNINDEXED, tokenize = 'trigram');
    `);
  },
};
export default migration;
