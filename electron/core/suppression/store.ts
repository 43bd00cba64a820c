import { BUYER_KEY_PREFIX, buyerKey, shownRecipient } from '../../../shared/orders/fields';
import type { Statement } from 'better-sqlite3';
import { storedText } from '../../../shared/stored-text';
import type { FilePayload, Page } from '../../../shared/contract-kit';
import type { SuppressionAddResult, SuppressionEntry, SuppressionSource, SendScope, SuppressionReason } from '../../../shared/suppression/contract';
import type { TemplateType } from '../../../shared/sms';
import { MOBILE_PATTERN, normalizePhone } from '../../../shared/sending/phone';
import { beijingText } from '../../../shared/time/beijing';
import type { CoreContext } from '../context';
import { CsvWriter, exportFileName } from '../export/csv';

/**
 * The per-shop do-not-send list (免打扰名单): 退订 (opt-out, blocks marketing) and 拉黑 (seller's block, blocks everything). Read right before every batchsend call (≤ 200 numbers) and during imports
 * (up to 1M numbers, in chunks): look-ups go through json_each, one statement per chunk whatever its size.
 */
interface Row {
  phone: string;
  reason: SuppressionReason;
  source: SuppressionSource;
  reply_id: number | null;
  note: string;
  created_at: string;
}

export interface SuppressionAddOptions {
  reason: SuppressionReason;
  source: SuppressionSource;
  replyId?: number | null;
  note?: string;
}

export interface SuppressionListQuery {
  search?: string;
  page: number;
  pageSize: number;
}

const LOOKUP_CHUNK = 5_000;
/**
 * CROSS JOIN fixes the loop order: each given number probes the primary key. (A plain JOIN lets the planner scan
 * the shop's list and re-walk the JSON for every entry: 500× slower with 1,000 entries.)
 */
export const LOOKUP_SQL =
  'SELECT s.phone, s.reason, s.source, s.reply_id, s.note, s.created_at FROM json_each(?) j CROSS JOIN suppression s ON s.shop_id = ? AND s.phone = j.value';
/** Event payloads stay small; listeners refetch. */
const EVENT_PHONES = 1_000;
const INVALID_SHOWN = 100;

export const SUPPRESSION_SOURCE_LABEL: Record<SuppressionSource, string> = { manual: '手动添加', reply: '客户回复', import: '导入', report: '回执自动加入' };
export const SUPPRESSION_REASON_LABEL: Record<SuppressionReason, string> = { optout: '退订', block: '拉黑' };

/** Marketing is template type 2; everything else (notices, codes) is a service message. */
export function sendScope(templateType: TemplateType | number | null | undefined): SendScope {
  return templateType === 2 ? 'marketing' : 'service';
}

/** A buyer's entry shares the list (and its one primary key) with numbers, in its own key space. */
export const buyerSuppressionKey = buyerKey;

export class SuppressionStore {
  private readonly lookup: Statement;
  private readonly insert: Statement;
  private readonly del: Statement;
  private readonly insertReplies: Statement;
  private readonly insertReports: Statement;
  private readonly exists: Statement;

  /** settings.sending.optOutBlocksAll; without settings (tools, tests) opt-outs block marketing only. */
  constructor(private readonly ctx: Pick<CoreContext, 'db' | 'shopId' | 'events' | 'clock'> & Partial<Pick<CoreContext, 'settings'>>) {
    const db = ctx.db;
    this.lookup = db.prepare(LOOKUP_SQL);
    // A 拉黑 replaces an earlier 退订 (it blocks more); anything else keeps the first entry.
    this.insert = db.prepare(
      `INSERT INTO suppression (shop_id, phone, reason, source, reply_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (shop_id, phone) DO UPDATE SET reason = excluded.reason, source = excluded.source, reply_id = excluded.reply_id, note = excluded.note, created_at = excluded.created_at
       WHERE suppression.reason = 'optout' AND excluded.reason = 'block'`,
    );
    this.del = db.prepare(`DELETE FROM suppression WHERE shop_id = ? AND phone = ?`);
    this.exists = db.prepare(`SELECT 1 FROM suppression WHERE shop_id = ? AND phone = ?`).pluck();
    // json_each keeps the array order, so within one batch the first reply of a number is the one recorded.
    this.insertReplies = db
      .prepare(
        `INSERT INTO suppression (shop_id, phone, reason, source, reply_id, note, created_at)
         SELECT ?, j.value ->> 'phone', 'optout', 'reply', j.value ->> 'replyId', j.value ->> 'note', ? FROM json_each(?) j WHERE true
         ON CONFLICT (shop_id, phone) DO NOTHING RETURNING phone`,
      )
      .pluck();
    this.insertReports = db
      .prepare(
        `INSERT INTO suppression (shop_id, phone, reason, source, note, created_at)
         SELECT ?, j.value ->> 'phone', 'block', 'report', j.value ->> 'note', ? FROM json_each(?) j WHERE true
         ON CONFLICT (shop_id, phone) DO NOTHING RETURNING phone`,
      )
      .pluck();
  }

  /** Whether an entry stops a send of this scope: 拉黑 always, 退订 for marketing (or everything, by setting). */
  blocks(entry: SuppressionEntry, scope: SendScope): boolean {
    return entry.reason === 'block' || scope === 'marketing' || (this.ctx.settings?.get().sending.optOutBlocksAll ?? false);
  }

  /**
   * The numbers a send of this scope must skip, with their entries ('any': every number on the list, whatever it
   * blocks). Keys are the numbers as given (canonical 11 digits expected).
   */
  filterSuppressed(phones: readonly string[], scope: SendScope | 'any'): Map<string, SuppressionEntry> {
    const found = new Map<string, SuppressionEntry>();
    if (!phones.length) return found;
    const byCanonical = new Map<string, string[]>();
    for (const given of phones) {
      const canonical = MOBILE_PATTERN.test(given) ? given : normalizePhone(given);
      const key = typeof canonical === 'string' ? canonical : canonical.ok ? canonical.phone : null;
      if (!key) continue;
      const list = byCanonical.get(key);
      if (list) list.push(given);
      else byCanonical.set(key, [given]);
    }
    const keys = [...byCanonical.keys()];
    for (let i = 0; i < keys.length; i += LOOKUP_CHUNK) {
      const rows = this.lookup.all(JSON.stringify(keys.slice(i, i + LOOKUP_CHUNK)), this.ctx.shopId) as Row[];
      for (const row of rows) {
        const entry = toEntry(row);
        if (scope !== 'any' && !this.blocks(entry, scope)) continue;
        for (const given of byCanonical.get(row.phone) ?? []) found.set(given, entry);
      }
    }
    return found;
  }

  /**
   * Buyers of an order campaign (by buyer_open_uid, the stable buyer key: an OAID send has no number) a send of this
   * scope must skip. Keyed by the uid as given.
   */
  filterSuppressedBuyers(openUids: readonly string[], scope: SendScope | 'any'): Map<string, SuppressionEntry> {
    const found = new Map<string, SuppressionEntry>();
    const keys = [...new Set(openUids.filter((u) => u !== ''))].map(buyerSuppressionKey);
    for (let i = 0; i < keys.length; i += LOOKUP_CHUNK) {
      for (const row of this.lookup.all(JSON.stringify(keys.slice(i, i + LOOKUP_CHUNK)), this.ctx.shopId) as Row[]) {
        const entry = toEntry(row);
        if (scope === 'any' || this.blocks(entry, scope)) found.set(row.phone.slice(BUYER_KEY_PREFIX.length), entry);
      }
    }
    return found;
  }

  /** Puts buyers on the list (an opt-out linked to an order send, the seller's 拉黑 on an order); same rules as numbers. */
  addBuyers(openUids: readonly string[], options: SuppressionAddOptions): { added: number } {
    const { added, changed } = this.insertCanonical(new Set(openUids.filter((u) => u.trim() !== '').map((u) => buyerSuppressionKey(u.trim()))), options);
    if (changed.length) this.emitChanged(options.source, changed);
    return { added: added.length };
  }

  /** The number's entry on the list, whatever it blocks. */
  entryOf(phone: string): SuppressionEntry | null {
    return this.filterSuppressed([phone], 'any').get(phone) ?? null;
  }

  /**
   * Opt-out replies of one consumed MQ batch, in its transaction: one statement for the whole batch (this runs before
   * every ack). A reply linked to an order send comes as its buyer's key (`buyer:<uid>`). Each is a 退订; the first reply of a number wins; existing entries stay as they are. Returns the numbers added.
   */
  addReplyOptOuts(optOuts: ReadonlyArray<{ phone: string; replyId: number; note: string }>): string[] {
    const rows: Array<{ phone: string; replyId: number; note: string }> = [];
    for (const o of optOuts) {
      if (o.phone.startsWith(BUYER_KEY_PREFIX) && o.phone.length > BUYER_KEY_PREFIX.length) {
        rows.push({ phone: o.phone, replyId: o.replyId, note: o.note.slice(0, 200) });
        continue;
      }
      const result = normalizePhone(o.phone);
      if (result.ok) rows.push({ phone: result.phone, replyId: o.replyId, note: o.note.slice(0, 200) });
    }
    if (!rows.length) return [];
    const added = this.insertReplies.all(this.ctx.shopId, new Date().toISOString(), JSON.stringify(rows)) as string[];
    if (added.length) this.ctx.events.emit('suppression.changed', { source: 'reply', phones: added.slice(0, EVENT_PHONES) });
    return added;
  }

  /**
   * Numbers whose delivery reports say 空号 / carrier blacklist often enough (history's ingest hook, inside the consumed
   * batch's transaction). Existing entries stay as they are. Returns the numbers added.
   */
  addReportExclusions(exclusions: ReadonlyArray<{ phone: string; note: string }>): string[] {
    const rows: Array<{ phone: string; note: string }> = [];
    for (const e of exclusions) {
      const result = normalizePhone(e.phone);
      if (result.ok) rows.push({ phone: result.phone, note: e.note.slice(0, 200) });
    }
    if (!rows.length) return [];
    const added = this.insertReports.all(this.ctx.shopId, new Date(this.ctx.clock.now()).toISOString(), JSON.stringify(rows)) as string[];
    if (added.length) this.ctx.events.emit('suppression.changed', { source: 'report', phones: added.slice(0, EVENT_PHONES) });
    return added;
  }

  /** Adds numbers (any typed form); existing entries stay as they are, except that a 拉黑 replaces a 退订. */
  add(phones: readonly string[], options: SuppressionAddOptions): SuppressionAddResult {
    const invalid: string[] = [];
    const canonical = new Set<string>();
    for (const raw of phones) {
      const result = normalizePhone(raw);
      if (result.ok) canonical.add(result.phone);
      else if (raw.trim() && invalid.length < INVALID_SHOWN) invalid.push(raw.trim().slice(0, 64));
    }
    const { added, changed } = this.insertCanonical(canonical, options);
    if (changed.length) this.emitChanged(options.source, changed);
    return { added: added.length, already: canonical.size - added.length, invalid };
  }

  /**
   * Canonical numbers (normalizePhone'd) in one transaction, no event: a file import calls this per batch and emits
   * once at the end. `added`: numbers new to the list; `changed`: those plus entries a 拉黑 upgraded from 退订 (the
   * numbers a running send must re-check) — an upgraded number was already listed, so it is not counted as added.
   */
  insertCanonical(phones: Iterable<string>, options: SuppressionAddOptions): { added: string[]; changed: string[] } {
    const now = new Date(this.ctx.clock.now()).toISOString();
    const added: string[] = [];
    const changed: string[] = [];
    this.ctx.db.transaction(() => {
      for (const phone of phones) {
        const listed = this.exists.get(this.ctx.shopId, phone) !== undefined;
        if (!this.insert.run(this.ctx.shopId, phone, options.reason, options.source, options.replyId ?? null, (options.note ?? '').slice(0, 200), now).changes)
          continue;
        changed.push(phone);
        if (!listed) added.push(phone);
      }
    })();
    return { added, changed };
  }

  emitChanged(source: SuppressionSource, added: readonly string[]): void {
    this.ctx.events.emit('suppression.changed', { source, phones: added.slice(0, EVENT_PHONES) });
  }

  remove(phones: readonly string[]): { removed: number } {
    const removed: string[] = [];
    this.ctx.db.transaction(() => {
      for (const raw of phones) {
        const result = normalizePhone(raw);
        const phone = result.ok ? result.phone : raw.trim();
        if (this.del.run(this.ctx.shopId, phone).changes) removed.push(phone);
      }
    })();
    if (removed.length) this.ctx.events.emit('suppression.changed', { source: 'remove', phones: removed.slice(0, EVENT_PHONES) });
    return { removed: removed.length };
  }

  /** Newest first; search matches digits of the number or the note. */
  list(query: SuppressionListQuery): Page<SuppressionEntry> {
    const where = ['shop_id = @shop'];
    const params: Record<string, unknown> = { shop: this.ctx.shopId };
    const search = query.search?.trim();
    if (search) {
      const digits = search.replace(/\D/g, '');
      params.like = `%${escapeLike(search)}%`;
      params.digits = digits ? `%${escapeLike(digits)}%` : params.like;
      where.push(`(phone LIKE @digits ESCAPE '\\' OR note LIKE @like ESCAPE '\\')`);
    }
    const clause = where.join(' AND ');
    const total = (this.ctx.db.prepare(`SELECT COUNT(*) AS n FROM suppression WHERE ${clause}`).get(params) as { n: number }).n;
    const rows = this.ctx.db
      .prepare(
        `SELECT phone, reason, source, reply_id, note, created_at FROM suppression WHERE ${clause} ORDER BY created_at DESC, phone LIMIT @limit OFFSET @offset`,
      )
      .all({ ...params, limit: query.pageSize, offset: (query.page - 1) * query.pageSize }) as Row[];
    return { items: rows.map(toEntry), total, page: query.page, pageSize: query.pageSize };
  }

  count(): number {
    return (this.ctx.db.prepare('SELECT COUNT(*) AS n FROM suppression WHERE shop_id = ?').get(this.ctx.shopId) as { n: number }).n;
  }

  /** The whole list as CSV (UTF-8 BOM), times in Beijing time. */
  exportCsv(): FilePayload {
    // A buyer (reached by OAID, no number) is shown as 买家 + masked uid and typed, so the seller can tell it from a number.
    const writer = new CsvWriter(['类型', '手机号 / 买家', '原因', '来源', '备注', '加入时间（北京时间）']);
    const rows = this.ctx.db
      .prepare('SELECT phone, reason, source, reply_id, note, created_at FROM suppression WHERE shop_id = ? ORDER BY created_at, phone')
      .iterate(this.ctx.shopId) as IterableIterator<Row>;
    for (const row of rows)
      writer.row([
        row.phone.startsWith(BUYER_KEY_PREFIX) ? '买家' : '号码',
        shownRecipient(row.phone),
        SUPPRESSION_REASON_LABEL[row.reason],
        SUPPRESSION_SOURCE_LABEL[row.source],
        row.note,
        beijingText(row.created_at),
      ]);
    return writer.toFile(exportFileName('免打扰名单', this.ctx.clock.now()));
  }
}

function toEntry(row: Row): SuppressionEntry {
  return { phone: row.phone, reason: row.reason, source: row.source, replyId: row.reply_id, note: row.note, createdAt: row.created_at };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Chinese reason for a recipient row left out because of this entry (免打扰名单 and its reason). */
export function suppressionReason(entry: SuppressionEntry): string {
  return storedText.onList(entry.reason, entry.note);
}
