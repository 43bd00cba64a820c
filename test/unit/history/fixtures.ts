import type { DeliveryReport } from '../../../shared/messages/contract';
import type { Db } from '../../../electron/core/db/database';

// Drives the ledger tables (0004) directly, as the sender would: a campaign, chunks of ≤ 200 numbers, recipient rows
// that get their biz_id when their chunk is accepted.
export const NOW_ISO = '2026-12-01T06:00:00.000Z';

export function insertCampaign(db: Db, name = '双十二预热', opts: { templateCode?: string; state?: string; startedAt?: string } = {}): number {
  return Number(
    db
      .prepare(
        `INSERT INTO campaigns (shop_id, name, state, template_code, template_name, template_type, template_content, sign_name, created_at, updated_at, prepared_at, started_at)
         VALUES (1, ?, ?, ?, '发货通知', 1, '亲，您的订单\${order}已发货', '张三男装淘宝店', ?, ?, ?, ?)`,
      )
      .run(name, opts.state ?? 'completed', opts.templateCode ?? 'SMS_200001', NOW_ISO, NOW_ISO, NOW_ISO, opts.startedAt ?? NOW_ISO).lastInsertRowid,
  );
}

export function phoneAt(i: number, base = 13900000000): string {
  return String(base + i);
}

/** Inserts queued recipients in chunks of 200 (no biz_id yet); returns chunk ids in order. */
export function insertRecipients(db: Db, campaignId: number, phones: string[]): number[] {
  const chunk = db.prepare(`INSERT INTO campaign_chunks (shop_id, campaign_id, chunk_index, task_sign, state, size) VALUES (1, ?, ?, ?, 'prepared', ?)`);
  const row = db.prepare(
    `INSERT INTO campaign_recipients (shop_id, campaign_id, row_no, phone, raw, status, vars, segments, chunk_id) VALUES (1, ?, ?, ?, ?, 'queued', ?, 1, ?)`,
  );
  const ids: number[] = [];
  db.transaction(() => {
    for (let c = 0; c * 200 < phones.length; c++) {
      const slice = phones.slice(c * 200, c * 200 + 200);
      const id = Number(chunk.run(campaignId, c, `${campaignId}-${c}`, slice.length).lastInsertRowid);
      ids.push(id);
      slice.forEach((phone, i) => row.run(campaignId, c * 200 + i + 1, phone, phone, JSON.stringify({ order: `T${c * 200 + i}` }), id));
    }
  })();
  return ids;
}

/** The sender's "chunk accepted" commit: biz_id + submitted_at on the chunk and each of its numbers. */
export function acceptChunk(db: Db, chunkId: number, bizId: string, submittedAt = NOW_ISO): void {
  db.transaction(() => {
    db.prepare(`UPDATE campaign_chunks SET state = 'accepted', biz_id = ?, finished_at = ? WHERE id = ?`).run(bizId, submittedAt, chunkId);
    db.prepare(`UPDATE campaign_recipients SET status = 'accepted', biz_id = ?, submitted_at = ? WHERE chunk_id = ?`).run(bizId, submittedAt, chunkId);
  })();
}

let reportSeq = 0;
/** Stores a report the way the message store does and returns it as the ingest hook sees it. */
export function storeReport(
  db: Db,
  fields: { bizId: string; phone: string; state: '1' | '2' | string; errCode?: string; reportTime?: string },
): DeliveryReport {
  const reportTime = fields.reportTime ?? '2026-12-01 14:00:10';
  const receivedAt = new Date().toISOString();
  const messageId = `M${++reportSeq}-${Math.random().toString(36).slice(2)}`;
  const reportedAt = new Date(Date.parse(reportTime.replace(' ', 'T') + '+08:00')).toISOString();
  const id = Number(
    db
      .prepare(
        `INSERT INTO delivery_reports (shop_id, biz_id, phone, state, success, err_code, send_time, rept_time, reported_at, extend, message_id, received_at, raw)
         VALUES (1, ?, ?, ?, ?, ?, '', ?, ?, '', ?, ?, '{}')`,
      )
      .run(
        fields.bizId,
        fields.phone,
        fields.state,
        fields.state === '1' ? 1 : 0,
        fields.errCode ?? (fields.state === '1' ? 'DELIVRD' : ''),
        reportTime,
        reportedAt,
        messageId,
        receivedAt,
      ).lastInsertRowid,
  );
  return {
    id,
    bizId: fields.bizId,
    phone: fields.phone,
    state: fields.state,
    success: fields.state === '1',
    errCode: fields.errCode ?? (fields.state === '1' ? 'DELIVRD' : ''),
    sendTime: '',
    reportTime,
    reportedAt,
    extend: '',
    messageId,
    receivedAt,
  };
}

export function deliveryOf(db: Db, campaignId: number, phone: string) {
  return db
    .prepare(
      'SELECT delivery, err_code AS errCode, report_count AS reportCount, delivery_source AS source FROM campaign_recipients WHERE campaign_id = ? AND phone = ?',
    )
    .get(campaignId, phone) as { delivery: string | null; errCode: string | null; reportCount: number; source: string | null };
}
