import type { Statement } from 'better-sqlite3';
import type { SmsReply } from '../../../shared/messages/contract';
import type { Page } from '../../../shared/contract-kit';
import type {
  OptOutFlag,
  ReplyMessage,
  SentMessage,
  SentState,
  ThreadFilter,
  ThreadMessage,
  ThreadSummary,
  UnreadSummary,
} from '../../../shared/inbox/contract';
import { classifyOptOut, type OptOutRules } from '../../../shared/inbox/optout';
import type { SuppressionReason } from '../../../shared/suppression/contract';
import type { Db } from '../db/database';
import { renderSentText } from './sent-text';

/** What one ingested batch changed, for events after the commit. */
export interface IngestOutcome {
  phones: string[];
  /** Certain opt-outs: suppress these (same transaction). */
  optOuts: Array<{ phone: string; replyId: number; at: string; text: string }>;
}

interface ThreadRow {
  phone: string;
  unread: number;
  last_at: string;
  last_kind: 'reply' | 'sent';
  last_text: string;
  replies: number;
  sent: number;
  likely_reply_id: number | null;
  blocked: number;
  list_reason: SuppressionReason | null;
}

const THREAD_REPLY_CONFLICT = `ON CONFLICT (shop_id, phone) DO UPDATE SET
  unread = unread + 1,
  replies = replies + 1,
  last_kind = CASE WHEN excluded.last_at >= last_at THEN 'reply' ELSE last_kind END,
  last_text = CASE WHEN excluded.last_at >= last_at THEN excluded.last_text ELSE last_text END,
  last_at = MAX(last_at, excluded.last_at),
  likely_reply_id = COALESCE(excluded.likely_reply_id, likely_reply_id)`;

/** Threads shown by search when many match: newest first, bounded. */
export const SEARCH_MATCH_LIMIT = 1000;
const PREVIEW_CHARS = 200;

/** Escapes LIKE wildcards for `LIKE ? ESCAPE '\'`. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
/** The seller's text as one quoted FTS5 string: no operators, no column filters. */
export function ftsPhrase(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/**
 * SQLite side of the inbox. `ingestReplies` and `indexSent` run inside the caller's transaction (the MQ batch's,
 * or their own); everything else is a read or a small write of its own.
 */
export class InboxStore {
  private readonly statements = new Map<string, Statement>();
  private readonly insertFts: Statement;
  private readonly upsertSentThread: Statement;
  private readonly insertSent: Statement;
  private readonly pendingSent: Statement;
  private readonly clearQueued: Statement;
  private readonly hasQueue: Statement;

  constructor(
    private readonly db: Db,
    private readonly shopId: number,
  ) {
    this.insertFts = db.prepare('INSERT INTO inbox_fts (phone, body, kind, ref, shop_id) VALUES (?, ?, ?, ?, ?)');
    this.upsertSentThread = db.prepare(`INSERT INTO inbox_threads (shop_id, phone, last_at, last_kind, last_text, unread, replies, sent)
      VALUES (@shop, @phone, @at, 'sent', @text, 0, 0, 1)
      ON CONFLICT (shop_id, phone) DO UPDATE SET
        sent = sent + 1,
        last_kind = CASE WHEN excluded.last_at > last_at THEN 'sent' ELSE last_kind END,
        last_text = CASE WHEN excluded.last_at > last_at THEN excluded.last_text ELSE last_text END,
        last_at = MAX(last_at, excluded.last_at)`);
    this.insertSent = db.prepare('INSERT OR IGNORE INTO inbox_sent (recipient_id, shop_id, phone, campaign_id, text, at) VALUES (?, ?, ?, ?, ?, ?)');
    this.pendingSent =
      db.prepare(`SELECT q.recipient_id AS id, r.phone, r.vars, r.submitted_at, r.campaign_id, c.template_content, c.sign_name, c.constants, c.short_url
      FROM inbox_sent_queue q
      LEFT JOIN campaign_recipients r ON r.id = q.recipient_id
      LEFT JOIN campaigns c ON c.id = r.campaign_id
      ORDER BY q.recipient_id LIMIT ?`);
    this.clearQueued = db.prepare('DELETE FROM inbox_sent_queue WHERE recipient_id = ?');
    this.hasQueue = db.prepare('SELECT 1 FROM inbox_sent_queue LIMIT 1').pluck();
  }

  /**
   * Thread bookkeeping, search index and opt-out classification of newly stored replies, in the caller's transaction.
   * One multi-row statement per table (prepared once per row count): this runs inside every consumed MQ batch.
   */
  ingestReplies(replies: readonly SmsReply[], rules: OptOutRules): IngestOutcome {
    const candidates = replies
      .filter((r) => r.phone)
      .map((reply) => ({ reply, flag: classifyOptOut(reply.content, rules).kind, at: reply.repliedAt ?? reply.receivedAt }));
    if (!candidates.length) return { phones: [], optOuts: [] };
    const fresh = new Set(
      this.multiRow(
        'state',
        candidates.length,
        'INSERT INTO inbox_reply_state (reply_id, shop_id, phone, read, opt_out) VALUES',
        '(?, ?, ?, 0, ?)',
        'ON CONFLICT (reply_id) DO NOTHING RETURNING reply_id',
      )
        .pluck()
        .all(candidates.flatMap((c) => [c.reply.id, this.shopId, c.reply.phone, c.flag])) as number[],
    );
    const added = candidates.filter((c) => fresh.has(c.reply.id)); // the rest were ingested before
    if (!added.length) return { phones: [], optOuts: [] };
    this.multiRow('fts', added.length, 'INSERT INTO inbox_fts (phone, body, kind, ref, shop_id) VALUES', "(?, ?, 'r', ?, ?)", '').run(
      added.flatMap((c) => [c.reply.phone, c.reply.content, c.reply.id, this.shopId]),
    );
    // Rows of one statement are applied in order, so two replies of one phone in a batch both count.
    this.multiRow(
      'thread',
      added.length,
      'INSERT INTO inbox_threads (shop_id, phone, last_at, last_kind, last_text, unread, replies, sent, likely_reply_id) VALUES',
      "(?, ?, ?, 'reply', ?, 1, 1, 0, ?)",
      THREAD_REPLY_CONFLICT,
    ).run(added.flatMap((c) => [this.shopId, c.reply.phone, c.at, preview(c.reply.content), c.flag === 'likely' ? c.reply.id : null]));
    return {
      phones: [...new Set(added.map((c) => c.reply.phone))],
      optOuts: added.filter((c) => c.flag === 'certain').map((c) => ({ phone: c.reply.phone, replyId: c.reply.id, at: c.at, text: c.reply.content })),
    };
  }

  private multiRow(name: string, rows: number, head: string, tuple: string, tail: string): Statement {
    const key = `${name}:${rows}`;
    let statement = this.statements.get(key);
    if (!statement) {
      statement = this.db.prepare(`${head} ${Array.from({ length: rows }, () => tuple).join(', ')} ${tail}`);
      this.statements.set(key, statement);
    }
    return statement;
  }

  hasPendingSent(): boolean {
    return this.hasQueue.get() !== undefined;
  }

  /** Renders and indexes up to `limit` queued sent messages in one transaction; returns the phones touched. */
  indexSent(limit = 2000): string[] {
    return this.db.transaction(() => {
      const rows = this.pendingSent.all(limit) as Array<{
        id: number;
        phone: string | null;
        vars: string | null;
        submitted_at: string | null;
        campaign_id: number | null;
        template_content: string | null;
        sign_name: string | null;
        constants: string | null;
        short_url: string | null;
      }>;
      const phones = new Set<string>();
      const now = new Date().toISOString();
      for (const row of rows) {
        this.clearQueued.run(row.id);
        if (!row.phone || row.campaign_id === null) continue; // the recipient row is gone
        const text = renderSentText({
          content: row.template_content ?? '',
          signName: row.sign_name ?? '',
          constants: row.constants,
          vars: row.vars,
          shortUrl: row.short_url,
        });
        const at = row.submitted_at ?? now;
        if (this.insertSent.run(row.id, this.shopId, row.phone, row.campaign_id, text, at).changes === 0) continue;
        this.insertFts.run(row.phone, text, 's', row.id, this.shopId);
        this.upsertSentThread.run({ shop: this.shopId, phone: row.phone, at, text: preview(text) });
        phones.add(row.phone);
      }
      return [...phones];
    })();
  }

  listThreads(query: { filter: ThreadFilter; search?: string; page: number; pageSize: number }): Page<ThreadSummary> {
    const params: Record<string, unknown> = { shop: this.shopId, limit: query.pageSize, offset: (query.page - 1) * query.pageSize };
    const where = ['t.shop_id = @shop'];
    // Control characters (a NUL ends FTS5's query text early: "unterminated string") cannot be in stored text anyway.
    const search = (query.search ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
    if (search) {
      params.matchLimit = SEARCH_MATCH_LIMIT;
      params.like = likePattern(search);
      const text =
        [...search].length >= 3
          ? ((params.match = ftsPhrase(search)),
            'SELECT phone FROM inbox_fts WHERE inbox_fts MATCH @match AND shop_id = @shop ORDER BY rowid DESC LIMIT @matchLimit')
          : // Too short for trigrams: a scan, newest first, bounded. The base tables scan ~2× faster than the FTS table;
            // +shop_id keeps the planner on the rowid order (arrival order) instead of the phone index.
            `SELECT phone FROM (SELECT phone FROM replies WHERE +shop_id = @shop AND content LIKE @like ESCAPE '\\' ORDER BY id DESC LIMIT @matchLimit)
             UNION ALL SELECT phone FROM (SELECT phone FROM inbox_sent WHERE +shop_id = @shop AND text LIKE @like ESCAPE '\\' ORDER BY recipient_id DESC LIMIT @matchLimit)`;
      // Numbers are matched on the thread table (one row per phone); only digit queries need that scan.
      where.push(/^[\d\s+-]+$/.test(search) ? `(t.phone LIKE @like ESCAPE '\\' OR t.phone IN (${text}))` : `t.phone IN (${text})`);
    } else {
      where.push('t.replies > 0'); // threads with only what we sent appear through search
    }
    if (query.filter === 'unread') where.push('t.unread > 0');
    if (query.filter === 'likely') where.push('t.likely_reply_id IS NOT NULL');
    if (query.filter === 'blocked') where.push('s.phone IS NOT NULL');
    const from = `FROM inbox_threads t LEFT JOIN suppression s ON s.shop_id = t.shop_id AND s.phone = t.phone WHERE ${where.join(' AND ')}`;
    const total = this.db.prepare(`SELECT COUNT(*) ${from}`).pluck().get(params) as number;
    const rows = this.db
      .prepare(
        `SELECT t.phone, t.unread, t.last_at, t.last_kind, t.last_text, t.replies, t.sent, t.likely_reply_id, s.phone IS NOT NULL AS blocked, s.reason AS list_reason ${from}
        ORDER BY t.last_at DESC, t.phone LIMIT @limit OFFSET @offset`,
      )
      .all(params) as ThreadRow[];
    return { items: rows.map(threadFromRow), total, page: query.page, pageSize: query.pageSize };
  }

  thread(phone: string): ThreadSummary | null {
    const row = this.db
      .prepare(
        `SELECT t.phone, t.unread, t.last_at, t.last_kind, t.last_text, t.replies, t.sent, t.likely_reply_id, s.phone IS NOT NULL AS blocked, s.reason AS list_reason
        FROM inbox_threads t LEFT JOIN suppression s ON s.shop_id = t.shop_id AND s.phone = t.phone WHERE t.shop_id = ? AND t.phone = ?`,
      )
      .get(this.shopId, phone) as ThreadRow | undefined;
    return row ? threadFromRow(row) : null;
  }

  likelyReplyId(phone: string): number | null {
    return (
      (this.db.prepare('SELECT likely_reply_id FROM inbox_threads WHERE shop_id = ? AND phone = ?').pluck().get(this.shopId, phone) as
        number | null | undefined) ?? null
    );
  }

  /** Newest first, replies and sent messages merged. */
  messages(phone: string, limit: number): { messages: ThreadMessage[]; hasMore: boolean } {
    const replies = (
      this.db
        .prepare(
          `SELECT r.id, r.content, COALESCE(r.replied_at, r.received_at) AS at, r.sender_time, r.sign_name, COALESCE(st.read, 0) AS read, COALESCE(st.opt_out, 'none') AS opt_out,
            CASE WHEN l.method = 'none' THEN l.note ELSE '' END AS unlinked_note
          FROM replies r LEFT JOIN inbox_reply_state st ON st.reply_id = r.id LEFT JOIN reply_order_links l ON l.reply_id = r.id
          WHERE r.shop_id = ? AND r.phone = ? ORDER BY at DESC, r.id DESC LIMIT ?`,
        )
        .all(this.shopId, phone, limit + 1) as Array<{
        id: number;
        content: string;
        at: string;
        sender_time: string;
        sign_name: string;
        read: number;
        opt_out: OptOutFlag;
        unlinked_note: string;
      }>
    ).map((r): ReplyMessage => ({
      kind: 'reply',
      id: r.id,
      text: r.content,
      at: r.at,
      senderTime: r.sender_time,
      signName: r.sign_name,
      read: r.read === 1,
      optOut: r.opt_out,
      unlinkedNote: r.unlinked_note,
    }));
    const sent = (
      this.db
        .prepare(
          `SELECT m.recipient_id AS id, m.text, m.at, m.campaign_id, c.name AS campaign_name, r.status, r.biz_id, r.sub_code, r.delivery, r.err_code
          FROM inbox_sent m
          LEFT JOIN campaign_recipients r ON r.id = m.recipient_id
          LEFT JOIN campaigns c ON c.id = m.campaign_id
          WHERE m.shop_id = ? AND m.phone = ? ORDER BY m.at DESC, m.recipient_id DESC LIMIT ?`,
        )
        .all(this.shopId, phone, limit + 1) as Array<{
        id: number;
        text: string;
        at: string;
        campaign_id: number;
        campaign_name: string | null;
        status: string | null;
        biz_id: string | null;
        sub_code: string | null;
        delivery: string | null;
        err_code: string | null;
      }>
    ).map((s): SentMessage => ({
      kind: 'sent',
      id: s.id,
      text: s.text,
      at: s.at,
      state: sentState(s.status, s.delivery),
      errCode: s.err_code ?? s.sub_code ?? '',
      campaignId: s.campaign_id,
      campaignName: s.campaign_name ?? '',
      bizId: s.biz_id,
    }));
    const merged = [...replies, ...sent].sort((a, b) =>
      a.at === b.at ? (a.kind === b.kind ? b.id - a.id : a.kind === 'reply' ? -1 : 1) : a.at < b.at ? 1 : -1,
    );
    return { messages: merged.slice(0, limit), hasMore: merged.length > limit };
  }

  unread(): UnreadSummary {
    const row = this.db
      .prepare('SELECT COALESCE(SUM(unread), 0) AS total, COUNT(*) AS threads FROM inbox_threads WHERE shop_id = ? AND unread > 0')
      .get(this.shopId) as UnreadSummary;
    return { total: row.total, threads: row.threads };
  }

  /** read = false marks the newest reply unread (the thread shows 1 unread). */
  setRead(phone: string, read: boolean): boolean {
    return this.db.transaction(() => {
      if (read) {
        this.db.prepare('UPDATE inbox_reply_state SET read = 1 WHERE shop_id = ? AND phone = ? AND read = 0').run(this.shopId, phone);
      } else {
        const newest = this.db.prepare('SELECT id FROM replies WHERE shop_id = ? AND phone = ? ORDER BY id DESC LIMIT 1').pluck().get(this.shopId, phone) as
          number | undefined;
        if (newest === undefined) return false;
        this.db.prepare('UPDATE inbox_reply_state SET read = 0 WHERE reply_id = ?').run(newest);
      }
      const unread = this.db
        .prepare('SELECT COUNT(*) FROM inbox_reply_state WHERE shop_id = ? AND phone = ? AND read = 0')
        .pluck()
        .get(this.shopId, phone) as number;
      return (
        this.db.prepare('UPDATE inbox_threads SET unread = ? WHERE shop_id = ? AND phone = ? AND unread <> ?').run(unread, this.shopId, phone, unread).changes >
        0
      );
    })();
  }

  reply(replyId: number): { id: number; phone: string; content: string; optOut: OptOutFlag } | null {
    const row = this.db
      .prepare(
        `SELECT r.id, r.phone, r.content, COALESCE(st.opt_out, 'none') AS opt_out FROM replies r LEFT JOIN inbox_reply_state st ON st.reply_id = r.id WHERE r.shop_id = ? AND r.id = ?`,
      )
      .get(this.shopId, replyId) as { id: number; phone: string; content: string; opt_out: OptOutFlag } | undefined;
    return row ? { id: row.id, phone: row.phone, content: row.content, optOut: row.opt_out } : null;
  }

  /** A 疑似退订 decided by the seller; the thread's flag moves to the next still-likely reply (if any). */
  setOptOutFlag(replyId: number, phone: string, flag: OptOutFlag): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE inbox_reply_state SET opt_out = ? WHERE reply_id = ?').run(flag, replyId);
      const next = this.db
        .prepare("SELECT reply_id FROM inbox_reply_state WHERE shop_id = ? AND phone = ? AND opt_out = 'likely' ORDER BY reply_id DESC LIMIT 1")
        .pluck()
        .get(this.shopId, phone) as number | undefined;
      this.db.prepare('UPDATE inbox_threads SET likely_reply_id = ? WHERE shop_id = ? AND phone = ?').run(next ?? null, this.shopId, phone);
    })();
  }

  /** Replies that were ingested (used after a commit to tell events from a rolled-back batch). */
  committed(replyIds: readonly number[]): number[] {
    if (!replyIds.length) return [];
    const check = this.db.prepare('SELECT 1 FROM inbox_reply_state WHERE reply_id = ?').pluck();
    return replyIds.filter((id) => check.get(id) !== undefined);
  }
}

function sentState(status: string | null, delivery: string | null): SentState {
  if (delivery === 'delivered') return 'delivered';
  if (delivery === 'failed' || status === 'rejected') return 'failed';
  if (status === 'in_flight' || status === 'queued') return 'sending';
  if (status === 'unconfirmed') return 'unconfirmed';
  return 'submitted';
}

function preview(text: string): string {
  const chars = [...text];
  return chars.length > PREVIEW_CHARS ? chars.slice(0, PREVIEW_CHARS).join('') : text;
}

function threadFromRow(row: ThreadRow): ThreadSummary {
  return {
    phone: row.phone,
    unread: row.unread,
    lastAt: row.last_at,
    lastKind: row.last_kind,
    lastText: row.last_text,
    replies: row.replies,
    sent: row.sent,
    blocked: row.blocked === 1,
    listReason: row.list_reason,
    likelyOptOut: row.likely_reply_id !== null,
  };
}
