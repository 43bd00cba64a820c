import type { Migration } from './migration';

/**
 * Sending (issue 9): campaigns, their recipients and the crash-safe ledger; the suppression list.
 *
 * - campaigns: one send job (a campaign, a single 发送模板 from the inbox, or a resend). The template is
 *   snapshotted at preparation (code, type, content) so a later edit cannot change what was sent. Import summary
 *   counts are stored; live counts come from campaign_recipients. state/reason per shared/sending/contract.ts.
 * - campaign_recipients: one row per source row, valid or not (invalid and duplicate rows are kept for the
 *   seller's download). status per RECIPIENT_STATUSES. vars = the row's own ${var} values (JSON object).
 *   biz_id is the batchsend receipt (module) of the chunk that carried the number; reports join on it.
 * - campaign_chunks: ≤ 200 numbers, fixed at preparation. task_sign is stable (campaign id + chunk index
 *   + resend round). in_flight is committed before the call; a crash leaves it, and start-up turns it into unknown.
 * - suppression: per-shop do-not-send list (manual, opt-out reply, import).
 * Times are ISO-8601 UTC.
 */
const migration: Migration = {
  version: 4,
  name: 'sending',
  up(db) {
    db.exec(`
      CREATE TABLE campaigns (
        id INTEGER PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shops(id),
        name TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL DEFAULT 'campaign' CHECK (kind IN ('campaign', 'single', 'resend')),
        state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'scheduled', 'sending', 'paused', 'completed', 'cancelled', 'missed')),
        reason_code TEXT,
        reason TEXT NOT NULL DEFAULT '',
        template_id INTEGER REFERENCES sms_templates(id) ON DELETE SET NULL,
        template_code TEXT NOT NULL DEFAULT '',
        template_name TEXT NOT NULL DEFAULT '',
        template_type INTEGER,
        template_content TEXT NOT NULL DEFAULT '',
        sign_name TEXT NOT NULL DEFAULT '',
        short_link_id INTEGER REFERENCES short_links(id) ON DELETE SET NULL,
        short_url TEXT NOT NULL DEFAULT '',
        constants TEXT NOT NULL DEFAULT '{}',
        mapping TEXT,
        source TEXT,
        scheduled_at TEXT,
        auto_resume INTEGER NOT NULL DEFAULT 0 CHECK (auto_resume IN (0, 1)),
        frequency_days INTEGER NOT NULL DEFAULT 1,
        rows_total INTEGER NOT NULL DEFAULT 0,
        segments_min INTEGER NOT NULL DEFAULT 0,
        segments_max INTEGER NOT NULL DEFAULT 0,
        segments_total INTEGER NOT NULL DEFAULT 0,
        import_state TEXT CHECK (import_state IN ('running', 'done', 'failed', 'cancelled')),
        import_error TEXT NOT NULL DEFAULT '',
        parent_id INTEGER REFERENCES campaigns(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        prepared_at TEXT,
        started_at TEXT,
        finished_at TEXT
      );
      CREATE INDEX campaigns_state ON campaigns (shop_id, state);

      CREATE TABLE campaign_chunks (
        id INTEGER PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shops(id),
        campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        chunk_index INTEGER NOT NULL,
        round INTEGER NOT NULL DEFAULT 0,
        task_sign TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'prepared' CHECK (state IN ('prepared', 'in_flight', 'accepted', 'rejected', 'unknown', 'reconciled', 'cancelled')),
        size INTEGER NOT NULL,
        biz_id TEXT,
        request_id TEXT,
        error_code TEXT,
        sub_code TEXT,
        error_message TEXT NOT NULL DEFAULT '',
        started_at TEXT,
        finished_at TEXT,
        reconcile_after TEXT
      );
      CREATE UNIQUE INDEX campaign_chunks_task_sign ON campaign_chunks (shop_id, task_sign);
      CREATE UNIQUE INDEX campaign_chunks_order ON campaign_chunks (campaign_id, round, chunk_index);
      CREATE INDEX campaign_chunks_state ON campaign_chunks (shop_id, state);

      CREATE TABLE campaign_recipients (
        id INTEGER PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shops(id),
        campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        row_no INTEGER NOT NULL,
        phone TEXT NOT NULL DEFAULT '',
        raw TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL CHECK (status IN ('valid', 'duplicate', 'invalid', 'suppressed', 'skipped', 'queued', 'in_flight', 'accepted', 'rejected', 'unconfirmed', 'cancelled')),
        reason TEXT NOT NULL DEFAULT '',
        vars TEXT NOT NULL DEFAULT '{}',
        segments INTEGER,
        chunk_id INTEGER REFERENCES campaign_chunks(id) ON DELETE SET NULL,
        biz_id TEXT,
        sub_code TEXT,
        submitted_at TEXT
      );
      CREATE INDEX campaign_recipients_status ON campaign_recipients (campaign_id, status);
      CREATE INDEX campaign_recipients_phone ON campaign_recipients (shop_id, phone);
      CREATE INDEX campaign_recipients_chunk ON campaign_recipients (chunk_id);
      CREATE INDEX campaign_recipients_biz ON campaign_recipients (biz_id, phone) WHERE biz_id IS NOT NULL;
      -- The ledger's promise in the schema: a number is accepted at most once per campaign.
      CREATE UNIQUE INDEX campaign_recipients_one_accepted ON campaign_recipients (campaign_id, phone) WHERE status = 'accepted';
      -- Frequency guard: this shop's accepted numbers by time.
      CREATE INDEX campaign_recipients_submitted ON campaign_recipients (shop_id, phone, submitted_at) WHERE status = 'accepted';
      CREATE INDEX campaign_chunks_campaign_state ON campaign_chunks (campaign_id, state);

      CREATE TABLE suppression (
        shop_id INTEGER NOT NULL REFERENCES shops(id),
        phone TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('manual', 'reply', 'import')),
        reply_id INTEGER,
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        PRIMARY KEY (shop_id, phone)
      ) WITHOUT ROWID;
    `);
  },
};
export default migration;
