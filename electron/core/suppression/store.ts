import type { Statement } from 'better-sqlite3';
import type { FilePayload, Page } from '../../../shared/contract-kit';
import type { SuppressionAddResult, SuppressionEntry, SuppressionSource } from '../../../shared/sending/contract';
import { MOBILE_PATTERN, normalizePhone } from '../../../shared/sending/phone';
import { beijingText } from '../../../shared/time/beijing';
import type { CoreContext } from '../context';
import { CsvWriter, exportFileName } from '../export/csv';

/**
 * The per-shop do-not-send list. Read right before every batchsend call (≤ 200 numbers) and during imports
 * (up to 1M numbers, in chunks): look-ups go through json_each, one statement per chunk whatever its size.
 */
interface Row {
  phone: string;
  source: SuppressionSource;
  reply_id: number | null;
  note: string;
  created_at: string;
}

export interface SuppressionAddOptions {
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
  'SELECT s.phone, s.source, s.reply_id, s.note, s.created_at FROM json_each(?) j CROSS JOIN suppression s ON s.shop_id = ? AND s.phone = j.value';
/** Event payloads stay small; listeners refetch. */
const EVENT_PHONES = 1_000;
const INVALID_SHOWN = 100;

export const SUPPRESSION_SOURCE_LABEL: Record<SuppressionSource, string> = { manual: '手动屏蔽', reply: '回复退订', import: '导入' };

export class SuppressionStore {
  private readonly lookup: Statement;
  private readonly insert: Statement;
  private readonly del: Statement;
  private readonly insertReplies: Statement;

  constructor(private readonly ctx: Pick<CoreContext, 'db' | 'shopId' | 'events' | 'clock'>) {
    const db = ctx.db;
    this.lookup = db.prepare(LOOKUP_SQL);
    this.insert = db.prepare(
      `INSERT INTO suppression (shop_id, phone, source, reply_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (shop_id, phone) DO NOTHING`,
    );
    this.del = db.prepare(`DELETE FROM suppression WHERE shop_id = ? AND phone = ?`);
    // json_each keeps the array order, so within one batch the first reply of a number is the one recorded.
    this.insertReplies = db
      .prepare(
        `INSERT INTO suppression (shop_id, phone, source, reply_id, note, created_at)
         SELECT ?, j.value ->> 'phone', 'reply', j.value ->> 'replyId', j.value ->> 'note', ? FROM json_each(?) j WHERE true
         ON CONFLICT (shop_id, phone) DO NOTHING RETURNING phone`,
      )
      .pluck();
  }

  /** Which of these numbers are on the list. Keys are the numbers as given (canonical 11 digits expected). */
  filterSuppressed(phones: readonly string[]): Map<string, SuppressionEntry> {
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
        for (const given of byCanonical.get(row.phone) ?? []) found.set(given, entry);
      }
    }
    return found;
  }

  isSuppressed(phone: string): SuppressionEntry | null {
    return this.filterSuppressed([phone]).get(phone) ?? null;
  }

  /**
   * Opt-out replies of one consumed MQ batch, in its transaction: one statement for the whole batch (this runs before
   * every ack). The first reply of a number wins; existing entries keep their original source. Returns the numbers added.
   */
  addReplyOptOuts(optOuts: ReadonlyArray<{ phone: string; replyId: number; note: string }>): string[] {
    const rows: Array<{ phone: string; replyId: number; note: string }> = [];
    for (const o of optOuts) {
      const result = normalizePhone(o.phone);
      if (result.ok) rows.push({ phone: result.phone, replyId: o.replyId, note: o.note.slice(0, 200) });
    }
    if (!rows.length) return [];
    const added = this.insertReplies.all(this.ctx.shopId, new Date().toISOString(), JSON.stringify(rows)) as string[];
    if (added.length) this.ctx.events.emit('suppression.changed', { source: 'reply', phones: added.slice(0, EVENT_PHONES) });
    return added;
  }

  /** Adds numbers (any typed form); existing entries keep their original source. */
  add(phones: readonly string[], options: SuppressionAddOptions): SuppressionAddResult {
    const invalid: string[] = [];
    const canonical = new Set<string>();
    for (const raw of phones) {
      const result = normalizePhone(raw);
      if (result.ok) canonical.add(result.phone);
      else if (raw.trim() && invalid.length < INVALID_SHOWN) invalid.push(raw.trim().slice(0, 64));
    }
    const now = new Date(this.ctx.clock.now()).toISOString();
    const added: string[] = [];
    this.ctx.db.transaction(() => {
      for (const phone of canonical) {
        if (this.insert.run(this.ctx.shopId, phone, options.source, options.replyId ?? null, (options.note ?? '').slice(0, 200), now).changes)
          added.push(phone);
      }
    })();
    if (added.length) this.ctx.events.emit('suppression.changed', { source: options.source, phones: added.slice(0, EVENT_PHONES) });
    return { added: added.length, already: canonical.size - added.length, invalid };
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
      .prepare(`SELECT phone, source, reply_id, note, created_at FROM suppression WHERE ${clause} ORDER BY created_at DESC, phone LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit: query.pageSize, offset: (query.page - 1) * query.pageSize }) as Row[];
    return { items: rows.map(toEntry), total, page: query.page, pageSize: query.pageSize };
  }

  count(): number {
    return (this.ctx.db.prepare('SELECT COUNT(*) AS n FROM suppression WHERE shop_id = ?').get(this.ctx.shopId) as { n: number }).n;
  }

  /** The whole list as CSV (UTF-8 BOM), times in Beijing time. */
  exportCsv(): FilePayload {
    const writer = new CsvWriter(['手机号', '来源', '备注', '加入时间（北京时间）']);
    const rows = this.ctx.db
      .prepare('SELECT phone, source, reply_id, note, created_at FROM suppression WHERE shop_id = ? ORDER BY created_at, phone')
      .iterate(this.ctx.shopId) as IterableIterator<Row>;
    for (const row of rows) writer.row([row.phone, SUPPRESSION_SOURCE_LABEL[row.source], row.note, beijingText(row.created_at)]);
    return writer.toFile(exportFileName('退订屏蔽名单', this.ctx.clock.now()));
  }
}

function toEntry(row: Row): SuppressionEntry {
  return { phone: row.phone, source: row.source, replyId: row.reply_id, note: row.note, createdAt: row.created_at };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Chinese reason for a recipient row removed because of this entry. */
export function suppressionReason(entry: SuppressionEntry): string {
  return entry.source === 'reply'
    ? '已退订（客户回复退订）'
    : entry.source === 'import'
      ? '已屏蔽（导入的屏蔽名单）'
      : `已屏蔽（手动屏蔽${entry.note ? `：${entry.note}` : ''}）`;
}
