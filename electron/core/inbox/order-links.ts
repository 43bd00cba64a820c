import type { SmsReply } from '../../../shared/messages/contract';
import { orderRecipientKey } from '../../../shared/orders/fields';
import type { Db } from '../db/database';
import { ORDER_EXTEND_DIGITS } from '../sending/extend-codes';

/** A reply links to an order row sent with its code at most this long before it (the code is reused after 1M order rows). */
export const ORDER_REPLY_CODE_DAYS = 30;
/** Without a code: only an OAID send this recent, and the only one, can be the one answered. */
export const ORDER_REPLY_TIME_HOURS = 24;
const SKEW_MS = 5 * 60_000;

export interface OrderReplyLink {
  replyId: number;
  method: 'code' | 'time' | 'none';
  recipientId: number | null;
  tid: string | null;
  buyerOpenUid: string | null;
  note: string;
}

interface Candidate {
  id: number;
  tid: string;
  buyer: string | null;
}

export const UNLINKED_AMBIGUOUS_CODE = (n: number) => `回复带的扩展码在 ${ORDER_REPLY_CODE_DAYS} 天内对应 ${n} 笔订单发送，无法确定是哪位买家，未关联`;
export const UNLINKED_UNKNOWN_CODE = '回复带的扩展码不是本店按订单发送用过的，无法关联到买家';
export const UNLINKED_AMBIGUOUS_TIME = (n: number) =>
  `回复没有可用的扩展码；${ORDER_REPLY_TIME_HOURS} 小时内有 ${n} 位买家收到同一签名的按订单短信，无法确定是谁，未关联`;

/**
 * Which order row (a buyer reached by OAID) a reply answers. A reply from a number this shop sent to is that number's;
 * else its dest_code names the order row sent with that code (unique while fewer than 1M order rows go out in
 * ORDER_REPLY_CODE_DAYS); else, with no code of ours, the one OAID recipient of the reply's signature in the last
 * ORDER_REPLY_TIME_HOURS — only when there is exactly one. Anything else stays unlinked, with the reason.
 * null: not an order reply at all (nothing to record).
 */
export class OrderReplyLinker {
  private readonly byCode;
  private readonly sentToPhone;
  private readonly recentOaid;
  private readonly insert;
  private readonly rekey;
  private readonly rawOf;
  private readonly anyOrderSend;

  constructor(
    private readonly db: Db,
    private readonly shopId: number,
  ) {
    this.byCode = db.prepare(
      `SELECT r.id, r.tid, r.buyer_open_uid AS buyer FROM campaign_recipients r
        WHERE r.shop_id = ? AND r.extend_num = ? AND r.tid IS NOT NULL AND r.status IN ('in_flight', 'accepted', 'unconfirmed')
          AND (r.submitted_at IS NULL OR (r.submitted_at >= ? AND r.submitted_at <= ?))
        ORDER BY r.id DESC LIMIT 5`,
    );
    this.sentToPhone = db
      .prepare(`SELECT 1 FROM campaign_recipients WHERE shop_id = ? AND phone = ? AND status = 'accepted' AND submitted_at >= ? LIMIT 1`)
      .pluck();
    this.recentOaid = db.prepare(
      `SELECT r.id, r.tid, r.buyer_open_uid AS buyer FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id
        WHERE r.shop_id = ? AND r.tid IS NOT NULL AND r.status = 'accepted' AND r.submitted_at >= ? AND r.submitted_at <= ?
          AND (? = '' OR c.sign_name = ?) AND c.test_of IS NULL
        ORDER BY r.id DESC LIMIT 50`,
    );
    this.insert = db.prepare(
      `INSERT INTO reply_order_links (reply_id, shop_id, method, recipient_id, tid, buyer_open_uid, note) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (reply_id) DO NOTHING`,
    );
    this.rekey = db.prepare('UPDATE replies SET phone = ?, raw = ? WHERE id = ?');
    this.rawOf = db.prepare('SELECT raw FROM replies WHERE id = ?').pluck();
    // Both on partial indexes (migration 0020): a shop that never sent by OAID pays one look-up per batch, not three per reply.
    this.anyOrderSend = db
      .prepare(
        `SELECT EXISTS (SELECT 1 FROM campaign_recipients WHERE shop_id = ? AND extend_num IS NOT NULL)
           OR EXISTS (SELECT 1 FROM campaign_recipients WHERE shop_id = ? AND status = 'accepted' AND tid IS NOT NULL AND submitted_at IS NOT NULL)`,
      )
      .pluck();
  }

  /**
   * Records the links of a batch's replies and, for a linked one, replaces its number by the order's key everywhere it
   * is kept (the reply row, its raw body, the object the inbox and events see): a number reached by OAID is the
   * receiver's, which the app never keeps. Runs in the consumed batch's transaction, before the inbox's bookkeeping.
   */
  linkAll(replies: SmsReply[]): OrderReplyLink[] {
    const links: OrderReplyLink[] = [];
    if (!replies.length || !this.anyOrderSend.get(this.shopId, this.shopId)) return links;
    for (const reply of replies) {
      const link = this.link(reply);
      if (!link) continue;
      links.push(link);
      this.insert.run(link.replyId, this.shopId, link.method, link.recipientId, link.tid, link.buyerOpenUid, link.note);
      if (link.tid === null) continue;
      const key = orderRecipientKey(link.tid);
      this.rekey.run(key, hideNumber((this.rawOf.get(reply.id) as string | undefined) ?? '', reply.phone), reply.id);
      reply.phone = key;
    }
    return links;
  }

  link(reply: SmsReply): OrderReplyLink | null {
    const at = Date.parse(reply.repliedAt ?? reply.receivedAt);
    const upper = new Date(at + SKEW_MS).toISOString();
    const base = { replyId: reply.id };
    const code = reply.destCode.trim();
    if (code.length === ORDER_EXTEND_DIGITS && /^\d+$/.test(code)) {
      const since = new Date(at - ORDER_REPLY_CODE_DAYS * 86_400_000).toISOString();
      const rows = this.byCode.all(this.shopId, code, since, upper) as Candidate[];
      const buyers = distinctBuyers(rows);
      if (rows.length === 1 || (rows.length > 1 && buyers.length === 1 && buyers[0] !== null)) return linked(base, 'code', rows[0]!);
      if (rows.length > 1) return { ...base, method: 'none', recipientId: null, tid: null, buyerOpenUid: null, note: UNLINKED_AMBIGUOUS_CODE(rows.length) };
    }
    const timeSince = new Date(at - ORDER_REPLY_TIME_HOURS * 3_600_000).toISOString();
    if (this.sentToPhone.get(this.shopId, reply.phone, new Date(at - ORDER_REPLY_CODE_DAYS * 86_400_000).toISOString())) return null;
    const sign = reply.signName.trim();
    const rows = this.recentOaid.all(this.shopId, timeSince, upper, sign, sign) as Candidate[];
    if (rows.length === 0) return code.length === ORDER_EXTEND_DIGITS && /^\d+$/.test(code) ? unlinked(base, UNLINKED_UNKNOWN_CODE) : null;
    const buyers = distinctBuyers(rows);
    if (buyers.length === 1 && buyers[0] !== null) return linked(base, 'time', rows[0]!);
    return unlinked(base, UNLINKED_AMBIGUOUS_TIME(buyers.length));
  }
}

function distinctBuyers(rows: readonly Candidate[]): Array<string | null> {
  // Rows without a buyer uid are distinct buyers each: they cannot be told apart.
  return [...new Set(rows.map((r) => r.buyer ?? `#${r.id}`))].map((b) => (b.startsWith('#') ? null : b));
}

function linked(base: { replyId: number }, method: 'code' | 'time', row: Candidate): OrderReplyLink {
  return { ...base, method, recipientId: row.id, tid: row.tid, buyerOpenUid: row.buyer, note: '' };
}

function unlinked(base: { replyId: number }, note: string): OrderReplyLink {
  return { ...base, method: 'none', recipientId: null, tid: null, buyerOpenUid: null, note };
}

/** The sender's number with all but its last 4 digits hidden, for the stored raw body of a linked reply. */
function hideNumber(raw: string, phone: string): string {
  if (!phone) return raw;
  const digits = phone.replace(/\D/g, '');
  const shown = digits.length > 4 ? `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}` : '****';
  return raw.split(phone).join(shown).split(digits).join(shown);
}
