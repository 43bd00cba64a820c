import type { Migration } from './migration';

/**
 * Automations (issue 18): order-triggered SMS.
 *
 * - automation_rules: one row per (shop, kind) once the seller changed it (absent = the kind's defaults, off).
 *   refund_states is a JSON array of refund triggers.
 * - automation_triggers: one row per (shop, kind, tid, trigger_key) — the due item and, once decided, its decision.
 *   Written in the consumed MQ batch's transaction (or a backfill page's), so a duplicate or out-of-order event never
 *   creates a second row. base_at = the fact the delay counts from; due_at = when it may be decided (moved to the next
 *   window opening for 次日发送, then deferred = 1). state: pending → sent | skipped (with one reason), never back.
 *   batch_id links a sent item to the batch that sent it, committed together with the batch's campaign.
 * - automation_batches: one ledger campaign per batch of ≤ 50 sent items of one kind (campaign_id set in the same
 *   transaction that created the campaign). started_at NULL = created but not yet handed to the send engine (a crash
 *   in between): start-up hands it over; the ledger itself makes the call at most once.
 */
const migration: Migration = {
  version: 17,
  name: 'automations',
  up(db) {
    db.exec(`
      CREATE TABLE automation_rules (
        shop_id INTEGER NOT NULL REFERENCES shops(id),
        kind TEXT NOT NULL CHECK (kind IN ('urge-pay', 'shipped', 'signed', 'refund', 'review')),
        enabled INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
        template_code TEXT NOT NULL DEFAULT '',
        sign_name TEXT NOT NULL DEFAULT '',
        delay_minutes INTEGER NOT NULL CHECK (delay_minutes >= 0),
        window_start TEXT NOT NULL DEFAULT '09:00',
        window_end TEXT NOT NULL DEFAULT '22:00',
        outside_window TEXT NOT NULL DEFAULT 'next-day' CHECK (outside_window IN ('next-day', 'skip')),
        pre_close_minutes INTEGER,
        refund_states TEXT NOT NULL DEFAULT '["created"]',
        enabled_at INTEGER,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (shop_id, kind)
      ) WITHOUT ROWID;

      CREATE TABLE automation_batches (
        id INTEGER PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shops(id),
        kind TEXT NOT NULL,
        campaign_id INTEGER,
        size INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        started_at INTEGER
      );
      CREATE INDEX automation_batches_campaign ON automation_batches (shop_id, campaign_id);
      CREATE INDEX automation_batches_unstarted ON automation_batches (shop_id) WHERE started_at IS NULL;

      CREATE TABLE automation_triggers (
        id INTEGER PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shops(id),
        kind TEXT NOT NULL CHECK (kind IN ('urge-pay', 'shipped', 'signed', 'refund', 'review')),
        tid TEXT NOT NULL CHECK (tid <> '' AND tid NOT GLOB '*[^0-9]*'),
        trigger_key TEXT NOT NULL,
        topic TEXT NOT NULL,
        buyer_open_uid TEXT NOT NULL DEFAULT '',
        base_at INTEGER NOT NULL,
        due_at INTEGER NOT NULL,
        deferred INTEGER NOT NULL DEFAULT 0 CHECK (deferred IN (0, 1)),
        seen_at INTEGER NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'skipped')),
        reason TEXT CHECK (reason IS NULL OR reason IN ('paid', 'closed', 'quiet-hours', 'capped', 'duplicate', 'opted-out',
          'template-not-approved', 'no-oaid', 'stale', 'refund', 'rated', 'disabled')),
        decided_at INTEGER,
        batch_id INTEGER REFERENCES automation_batches(id),
        CHECK ((state = 'pending') = (decided_at IS NULL)),
        CHECK ((state = 'skipped') = (reason IS NOT NULL)),
        CHECK ((state = 'sent') = (batch_id IS NOT NULL))
      );
      -- (tid first: it also serves the order's own items — cancellation on a new event, one per order per kind, the log's search.)
      CREATE UNIQUE INDEX automation_triggers_key ON automation_triggers (shop_id, tid, kind, trigger_key);
      CREATE INDEX automation_triggers_due ON automation_triggers (shop_id, kind, due_at) WHERE state = 'pending';
      CREATE INDEX automation_triggers_decided ON automation_triggers (shop_id, decided_at DESC) WHERE state <> 'pending';
      CREATE INDEX automation_triggers_seen ON automation_triggers (shop_id, seen_at);
      -- Per-buyer cap: what this buyer was sent today.
      CREATE INDEX automation_triggers_buyer_sent ON automation_triggers (shop_id, buyer_open_uid, decided_at) WHERE state = 'sent';
    `);
  },
};
export default migration;
