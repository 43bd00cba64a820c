import { runIngestHooks, screenOrderEvent } from './ingest-hooks';
import type { ParsedOrderEvent, StoredOrderEvent } from '../orders/parse';
import type { Statement } from 'better-sqlite3';
import type { DeliveryReport, MessagePage, QuarantinedMessage, SmsReply } from '../../../shared/messages/contract';
import type { MqParsing } from '../../../shared/settings/schema';
import type { Db } from '../db/database';
import { capBody, normalisePhone, parseMessage, type ParsedReply, type ParsedReport, type ParseResult } from './parse';

/** One message as consumed from MQ, reduced to what is persisted. */
export interface ConsumedMessage {
  messageId: string;
  topic: string;
  tag: string;
  body: string;
  publishTime: number | null;
  consumedTimes: number;
}

/** Why nothing new was stored: the same MessageId was processed before, or another MessageId carried the same business key. */
export type DuplicateOf = 'messageId' | 'businessKey' | null;

export type ProcessedMessage =
  | { kind: 'report'; messageId: string; topic: string; tag: string; duplicate: DuplicateOf; report: ParsedReport; stored: DeliveryReport | null }
  | { kind: 'reply'; messageId: string; topic: string; tag: string; duplicate: DuplicateOf; reply: ParsedReply; stored: SmsReply | null }
  | { kind: 'order'; messageId: string; topic: string; tag: string; duplicate: DuplicateOf; event: ParsedOrderEvent; stored: StoredOrderEvent | null }
  | { kind: 'quarantined'; messageId: string; topic: string; tag: string; duplicate: DuplicateOf; reason: string; stored: QuarantinedMessage | null };

interface ReportRow {
  id: number;
  biz_id: string;
  phone: string;
  state: string;
  success: number;
  err_code: string;
  send_time: string;
  rept_time: string;
  reported_at: string | null;
  extend: string;
  message_id: string;
  received_at: string;
}
interface ReplyRow {
  id: number;
  sms_seq: string;
  phone: string;
  content: string;
  dest_code: string;
  sign_name: string;
  sender_time: string;
  replied_at: string | null;
  message_id: string;
  received_at: string;
}
interface QuarantineRow {
  id: number;
  message_id: string;
  topic: string;
  tag: string;
  body: string;
  reason: string;
  received_at: string;
}

export interface PageQuery {
  page: number;
  pageSize: number;
}

const REPORT_COLUMNS = [
  'shop_id',
  'biz_id',
  'phone',
  'state',
  'success',
  'err_code',
  'send_time',
  'rept_time',
  'reported_at',
  'extend',
  'message_id',
  'received_at',
  'raw',
];
const REPLY_COLUMNS = ['shop_id', 'sms_seq', 'phone', 'content', 'dest_code', 'sign_name', 'sender_time', 'replied_at', 'message_id', 'received_at', 'raw'];
const ORDER_EVENT_COLUMNS = ['shop_id', 'tid', 'topic', 'source', 'message_id', 'event_key', 'status', 'at', 'detail', 'received_at'];
const MESSAGE_COLUMNS = ['shop_id', 'message_id', 'topic', 'tag', 'kind', 'outcome', 'publish_time', 'consumed_times', 'received_at'];

/**
 * Persistence for pushed messages. Every write of a batch happens in one transaction, before any ack.
 * Each table gets one multi-row INSERT … ON CONFLICT DO NOTHING RETURNING per batch: the rows that come
 * back are the new ones, everything else is a duplicate. (One statement per table instead of one per
 * message roughly halves the cost of a batch.)
 */
export class MessageStore {
  private readonly multiRow = new Map<string, Statement>();
  private readonly markDuplicate: Statement;
  private readonly insertQuarantine: Statement;
  private readonly persistAll: (messages: ConsumedMessage[], parsing: MqParsing) => ProcessedMessage[];

  constructor(
    private readonly db: Db,
    private readonly shopId: number,
  ) {
    this.markDuplicate = db.prepare("UPDATE mq_messages SET outcome = 'duplicate' WHERE shop_id = ? AND message_id = ?");
    this.insertQuarantine = db
      .prepare(
        `INSERT INTO quarantine (shop_id, message_id, topic, tag, body, reason, received_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (shop_id, message_id) DO NOTHING
      RETURNING id`,
      )
      .pluck();
    this.persistAll = db.transaction((messages: ConsumedMessage[], parsing: MqParsing) => this.persistInTransaction(messages, parsing));
  }

  /**
   * Parses, classifies and stores a consumed batch atomically. Idempotent: a MessageId seen before, or a
   * report/reply whose business key is already stored, changes nothing and comes back as a duplicate.
   */
  persistBatch(messages: ConsumedMessage[], parsing: MqParsing): ProcessedMessage[] {
    return messages.length ? this.persistAll(messages, parsing) : [];
  }

  private persistInTransaction(messages: ConsumedMessage[], parsing: MqParsing): ProcessedMessage[] {
    const receivedMs = Date.now();
    const receivedAt = new Date(receivedMs).toISOString();
    // Order events for another seller are refused here, so they are quarantined like any unusable body.
    const parsed = messages.map((m): ParseResult => {
      const p = parseMessage(m, parsing);
      if (p.kind !== 'order') return p;
      const refused = screenOrderEvent(this.db, p.event);
      return refused ? { ...refused, body: p.quarantineBody() } : p;
    });

    // 1. Claim the MessageIds: the ones returned were never processed before.
    const claimed = new Set(
      this.insertRows(
        'mq_messages',
        MESSAGE_COLUMNS,
        'shop_id, message_id',
        'message_id',
        messages.map((m, i) => {
          const kind = parsed[i]!.kind;
          return [
            this.shopId,
            m.messageId,
            m.topic,
            m.tag,
            kind,
            kind === 'quarantined' ? 'quarantined' : 'stored',
            m.publishTime,
            m.consumedTimes,
            receivedAt,
          ];
        }),
      ).map((row) => row.message_id as string),
    );
    // A MessageId twice in one batch counts once (the first occurrence takes the claim).
    const fresh = messages.map((m) => claimed.delete(m.messageId));

    // 2. New reports and replies, one statement each; a key that does not come back was already stored.
    const reportIdx = parsed.flatMap((p, i) => (p.kind === 'report' && fresh[i] ? [i] : []));
    const reportIds = new Map<string, number>();
    if (reportIdx.length) {
      const rows = reportIdx.map((i) => {
        const r = (parsed[i] as Extract<ParseResult, { kind: 'report' }>).report;
        return [
          this.shopId,
          r.bizId,
          r.phone,
          r.state,
          r.success ? 1 : 0,
          r.errCode,
          r.sendTime,
          r.reportTime,
          r.reportedAt,
          r.extend,
          messages[i]!.messageId,
          receivedAt,
          messages[i]!.body,
        ];
      });
      for (const row of this.insertRows(
        'delivery_reports',
        REPORT_COLUMNS,
        'shop_id, biz_id, phone, state, rept_time',
        'id, biz_id, phone, state, rept_time',
        rows,
      )) {
        reportIds.set(reportKey(row.biz_id as string, row.phone as string, row.state as string, row.rept_time as string), row.id as number);
      }
    }
    const replyIdx = parsed.flatMap((p, i) => (p.kind === 'reply' && fresh[i] ? [i] : []));
    const replyIds = new Map<string, number>();
    if (replyIdx.length) {
      const rows = replyIdx.map((i) => {
        const u = (parsed[i] as Extract<ParseResult, { kind: 'reply' }>).reply;
        return [
          this.shopId,
          u.smsSeq,
          u.phone,
          u.content,
          u.destCode,
          u.signName,
          u.senderTime,
          u.repliedAt,
          messages[i]!.messageId,
          receivedAt,
          messages[i]!.body,
        ];
      });
      for (const row of this.insertRows('replies', REPLY_COLUMNS, 'shop_id, sms_seq', 'id, sms_seq', rows))
        replyIds.set(row.sms_seq as string, row.id as number);
    }

    const orderIdx = parsed.flatMap((p, i) => (p.kind === 'order' && fresh[i] ? [i] : []));
    const orderIds = new Map<string, number>();
    const orderAt = new Map<number, number>();
    if (orderIdx.length) {
      const rows = orderIdx.map((i) => {
        const e = (parsed[i] as Extract<ParseResult, { kind: 'order' }>).event;
        const at = e.at ?? messages[i]!.publishTime ?? receivedMs;
        orderAt.set(i, at);
        return [this.shopId, e.tid, e.topic, 'mq', messages[i]!.messageId, e.eventKey, e.status ?? '', at, JSON.stringify(e.detail), receivedMs];
      });
      for (const row of this.insertRows('order_events', ORDER_EVENT_COLUMNS, 'shop_id, event_key', 'id, event_key', rows))
        orderIds.set(row.event_key as string, row.id as number);
    }

    // 3. Assemble the outcome in batch order; within a batch the first holder of a key wins.
    const processed = messages.map((message, i): ProcessedMessage => {
      const p = parsed[i]!;
      const base = { messageId: message.messageId, topic: message.topic, tag: message.tag };
      if (p.kind === 'quarantined') {
        const body = capBody(p.body ?? message.body);
        const id = fresh[i]
          ? (this.insertQuarantine.get(this.shopId, message.messageId, message.topic, message.tag, body, p.reason, receivedAt) as number | undefined)
          : undefined;
        const stored =
          id === undefined ? null : { id, messageId: message.messageId, topic: message.topic, tag: message.tag, body, reason: p.reason, receivedAt };
        return { ...base, kind: 'quarantined', duplicate: fresh[i] ? null : 'messageId', reason: p.reason, stored };
      }
      if (!fresh[i]) {
        if (p.kind === 'order') return { ...base, kind: 'order', duplicate: 'messageId', event: p.event, stored: null };
        return p.kind === 'report'
          ? { ...base, kind: 'report', duplicate: 'messageId', report: p.report, stored: null }
          : { ...base, kind: 'reply', duplicate: 'messageId', reply: p.reply, stored: null };
      }
      if (p.kind === 'order') {
        const id = orderIds.get(p.event.eventKey);
        orderIds.delete(p.event.eventKey);
        if (id === undefined) this.markDuplicate.run(this.shopId, message.messageId);
        const stored: StoredOrderEvent | null =
          id === undefined ? null : { ...p.event, id, messageId: message.messageId, at: orderAt.get(i)!, receivedAt: receivedMs };
        return { ...base, kind: 'order', duplicate: stored ? null : 'businessKey', event: p.event, stored };
      }
      if (p.kind === 'report') {
        const r = p.report;
        const key = reportKey(r.bizId, r.phone, r.state, r.reportTime);
        const id = reportIds.get(key);
        reportIds.delete(key);
        if (id === undefined) this.markDuplicate.run(this.shopId, message.messageId);
        const stored: DeliveryReport | null = id === undefined ? null : { id, ...r, messageId: message.messageId, receivedAt };
        return { ...base, kind: 'report', duplicate: stored ? null : 'businessKey', report: r, stored };
      }
      const u = p.reply;
      const id = replyIds.get(u.smsSeq);
      replyIds.delete(u.smsSeq);
      if (id === undefined) this.markDuplicate.run(this.shopId, message.messageId);
      const stored: SmsReply | null = id === undefined ? null : { id, ...u, messageId: message.messageId, receivedAt };
      return { ...base, kind: 'reply', duplicate: stored ? null : 'businessKey', reply: u, stored };
    });
    // 4. Dependent bookkeeping (history matching, inbox threads) commits with the batch.
    runIngestHooks(this.db, {
      reports: processed.flatMap((p) => (p.kind === 'report' && p.stored ? [p.stored] : [])),
      replies: processed.flatMap((p) => (p.kind === 'reply' && p.stored ? [p.stored] : [])),
      orders: processed.flatMap((p) => (p.kind === 'order' && p.stored ? [p.stored] : [])),
    });
    return processed;
  }

  /** INSERT of several rows at once; prepared once per (table, row count) and reused. */
  private insertRows(table: string, columns: string[], conflict: string, returning: string, rows: unknown[][]): Array<Record<string, unknown>> {
    const key = `${table}:${rows.length}`;
    let statement = this.multiRow.get(key);
    if (!statement) {
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      statement = this.db.prepare(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${rows.map(() => tuple).join(', ')} ON CONFLICT (${conflict}) DO NOTHING RETURNING ${returning}`,
      );
      this.multiRow.set(key, statement);
    }
    return statement.all(rows.flat()) as Array<Record<string, unknown>>;
  }

  listReports(query: PageQuery & { bizId?: string; phone?: string; success?: boolean }): MessagePage<DeliveryReport> {
    const where = ['shop_id = @shopId'];
    const params: Record<string, unknown> = { shopId: this.shopId };
    if (query.bizId) {
      where.push('biz_id = @bizId');
      params.bizId = query.bizId;
    }
    if (query.phone) {
      where.push('phone = @phone');
      params.phone = normalisePhone(query.phone);
    }
    if (query.success !== undefined) {
      where.push('success = @success');
      params.success = query.success ? 1 : 0;
    }
    return this.page<ReportRow, DeliveryReport>(
      'delivery_reports',
      'id, biz_id, phone, state, success, err_code, send_time, rept_time, reported_at, extend, message_id, received_at',
      where,
      params,
      query,
      reportFromRow,
    );
  }

  listReplies(query: PageQuery & { phone?: string }): MessagePage<SmsReply> {
    const where = ['shop_id = @shopId'];
    const params: Record<string, unknown> = { shopId: this.shopId };
    if (query.phone) {
      where.push('phone = @phone');
      params.phone = normalisePhone(query.phone);
    }
    return this.page<ReplyRow, SmsReply>(
      'replies',
      'id, sms_seq, phone, content, dest_code, sign_name, sender_time, replied_at, message_id, received_at',
      where,
      params,
      query,
      replyFromRow,
    );
  }

  listQuarantine(query: PageQuery): MessagePage<QuarantinedMessage> {
    return this.page<QuarantineRow, QuarantinedMessage>(
      'quarantine',
      'id, message_id, topic, tag, body, reason, received_at',
      ['shop_id = @shopId'],
      { shopId: this.shopId },
      query,
      quarantineFromRow,
    );
  }

  private page<Row, Item>(
    table: string,
    columns: string,
    where: string[],
    params: Record<string, unknown>,
    query: PageQuery,
    map: (row: Row) => Item,
  ): MessagePage<Item> {
    const clause = where.join(' AND ');
    const total = this.db.prepare(`SELECT COUNT(*) FROM ${table} WHERE ${clause}`).pluck().get(params) as number;
    const rows = this.db
      .prepare(`SELECT ${columns} FROM ${table} WHERE ${clause} ORDER BY id DESC LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit: query.pageSize, offset: (query.page - 1) * query.pageSize }) as Row[];
    return { items: rows.map(map), total, page: query.page, pageSize: query.pageSize };
  }
}

function reportKey(bizId: string, phone: string, state: string, reportTime: string): string {
  return `${bizId}\u0000${phone}\u0000${state}\u0000${reportTime}`;
}

function reportFromRow(row: ReportRow): DeliveryReport {
  return {
    id: row.id,
    bizId: row.biz_id,
    phone: row.phone,
    state: row.state,
    success: row.success === 1,
    errCode: row.err_code,
    sendTime: row.send_time,
    reportTime: row.rept_time,
    reportedAt: row.reported_at,
    extend: row.extend,
    messageId: row.message_id,
    receivedAt: row.received_at,
  };
}

function replyFromRow(row: ReplyRow): SmsReply {
  return {
    id: row.id,
    smsSeq: row.sms_seq,
    phone: row.phone,
    content: row.content,
    destCode: row.dest_code,
    signName: row.sign_name,
    senderTime: row.sender_time,
    repliedAt: row.replied_at,
    messageId: row.message_id,
    receivedAt: row.received_at,
  };
}

function quarantineFromRow(row: QuarantineRow): QuarantinedMessage {
  return { id: row.id, messageId: row.message_id, topic: row.topic, tag: row.tag, body: row.body, reason: row.reason, receivedAt: row.received_at };
}
