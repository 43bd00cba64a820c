import type { Migration } from './migration';

/**
 * Templates, signatures, short links and the offline outbox (issue 4).
 *
 * - sms_templates: the seller's drafts and the platform templates they became (platform_code = SMS_…, unique per
 *   shop once known). status follows shared/templates/contract.ts AUDIT_STATUSES. sample_values is a JSON object used only
 *   for the preview. origin: local draft, imported by code, or reported as a 存量 template.
 * - sms_template_versions: a snapshot of every submit (create / modify), so "last submitted" can be compared with
 *   the current draft after a rejection.
 * - sms_signatures (+ sms_signature_files): the name identifies a signature on the platform, so it is unique per
 *   shop. Proof files are kept as blobs (≤ 700 KB each, see PROOF_FILE_LIMITS) and sent as base64 on submit.
 * - short_links: created 淘短链 with their expiry (2 months, or the platform's life_end).
 * - outbox: offline operations (待联网提交). One active (queued/sending) operation per entity. payload is the
 *   request as validated when queued; next_attempt_at drives the retry backoff.
 * Times are ISO-8601 UTC.
 */
const migration: Migration = {
  version: 3,
  name: 'templates',
  up(db) {
    db.exec(`
      CREATE TABLE sms_templates (
        id INTEGER PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shops(id),
        name TEXT NOT NULL DEFAULT '',
        type INTEGER NOT NULL CHECK (type IN (0, 1, 2, 3)),
        type_class TEXT NOT NULL DEFAULT 'NORMAL' CHECK (type_class IN ('NORMAL', 'DIGITAL')),
        content TEXT NOT NULL DEFAULT '',
        remark TEXT NOT NULL DEFAULT '',
        sample_values TEXT NOT NULL DEFAULT '{}',
        preview_sign_name TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'queued', 'pending', 'approved', 'rejected', 'unknown')),
        platform_code TEXT,
        reason TEXT NOT NULL DEFAULT '',
        last_error TEXT NOT NULL DEFAULT '',
        origin TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local', 'imported', 'reported')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        submitted_at TEXT,
        reviewed_at TEXT,
        checked_at TEXT
      );
      CREATE UNIQUE INDEX sms_templates_code ON sms_templates (shop_id, platform_code) WHERE platform_code IS NOT NULL;
      CREATE INDEX sms_templates_status ON sms_templates (shop_id, status);

      CREATE TABLE sms_template_versions (
        id INTEGER PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shops(id),
        template_id INTEGER NOT NULL REFERENCES sms_templates(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('create', 'modify')),
        name TEXT NOT NULL,
        type INTEGER NOT NULL,
        type_class TEXT NOT NULL,
        content TEXT NOT NULL,
        remark TEXT NOT NULL,
        submitted_at TEXT NOT NULL,
        UNIQUE (template_id, version)
      );

      CREATE TABLE sms_signatures (
        id INTEGER PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shops(id),
        name TEXT NOT NULL,
        source INTEGER NOT NULL CHECK (source BETWEEN 0 AND 5),
        remark TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'queued', 'pending', 'approved', 'rejected', 'unknown')),
        reason TEXT NOT NULL DEFAULT '',
        last_error TEXT NOT NULL DEFAULT '',
        origin TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local', 'imported')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        submitted_at TEXT,
        reviewed_at TEXT,
        checked_at TEXT
      );
      CREATE UNIQUE INDEX sms_signatures_name ON sms_signatures (shop_id, name);

      CREATE TABLE sms_signature_files (
        id INTEGER PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shops(id),
        signature_id INTEGER NOT NULL REFERENCES sms_signatures(id) ON DELETE CASCADE,
        file_name TEXT NOT NULL,
        file_suffix TEXT NOT NULL,
        size INTEGER NOT NULL,
        content BLOB NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX sms_signature_files_signature ON sms_signature_files (signature_id);

      CREATE TABLE short_links (
        id INTEGER PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shops(id),
        long_url TEXT NOT NULL,
        short_url TEXT NOT NULL,
        tag TEXT NOT NULL,
        batch_number TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX short_links_short_url ON short_links (shop_id, short_url);
      CREATE INDEX short_links_expires ON short_links (shop_id, expires_at);

      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shops(id),
        kind TEXT NOT NULL CHECK (kind IN ('template.create', 'template.modify', 'signature.create', 'signature.modify')),
        entity_type TEXT NOT NULL CHECK (entity_type IN ('template', 'signature')),
        entity_id INTEGER NOT NULL,
        payload TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'done', 'failed', 'cancelled')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT NOT NULL DEFAULT '',
        next_attempt_at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX outbox_one_active ON outbox (shop_id, entity_type, entity_id) WHERE state IN ('queued', 'sending');
      CREATE INDEX outbox_due ON outbox (shop_id, state, next_attempt_at);
    `);
  },
};
export default migration;
