import { formatBeijing } from '../../../shared/time/beijing';
import type { Logger } from '../log/logger';
import { RECONCILE_CLOCK_TOLERANCE_MS } from './reconcile';
import type { ChunkRow, SendingStore } from './store';

export const OAID_UNCONFIRMED_REASON = '发送结果未确认：网络中断后一直没有收到这一批订单的回执（按订单发送无法用号码查询核对，未确认）。可选择重新发送。';
/** How often an unknown OAID chunk looks for its reports again before the deadline. */
export const OAID_SETTLE_POLL_MS = 30_000;

export type OaidSettlement =
  { outcome: 'executed'; bizId: string; accepted: number } | { outcome: 'unconfirmed'; unconfirmed: number } | { outcome: 'waiting'; next: number };

/**
 * An unknown OAID chunk cannot be checked with num.query (it needs a plaintext number). A delivery report naming one
 * of the chunk's orders (out_id → the row key `tid:<tid>`), sent at or after the chunk's start (minus the clock
 * tolerance) under a receipt no other chunk holds, proves the call executed: the chunk takes that biz_id and its orders
 * are accepted (the 0005 triggers then apply their parked reports). No such report by `settleMs` after the start →
 * the orders become 未确认, never resent by themselves.
 */
export function settleOaidChunk(deps: { store: SendingStore; now: () => number; log: Logger; settleMs: number }, chunk: ChunkRow): OaidSettlement {
  const { store } = deps;
  const members = store.chunkRecipients(chunk.id, ['in_flight']);
  const startedMs = chunk.startedAt ? Date.parse(chunk.startedAt) : deps.now();
  const since = formatBeijing(startedMs - RECONCILE_CLOCK_TOLERANCE_MS, true);
  const proof = store.db
    .prepare(
      `SELECT d.biz_id FROM delivery_reports d
        WHERE d.shop_id = ? AND d.phone IN (SELECT value FROM json_each(?)) AND d.send_time >= ?
          AND NOT EXISTS (SELECT 1 FROM campaign_chunks c WHERE c.shop_id = d.shop_id AND c.biz_id = d.biz_id)
        ORDER BY d.id LIMIT 1`,
    )
    .pluck()
    .get(store.shopId, JSON.stringify(members.map((m) => m.phone)), since) as string | undefined;
  const finishedAt = new Date(deps.now()).toISOString();
  if (proof !== undefined) {
    let accepted = 0;
    store.tx(() => {
      if (!store.moveChunk(chunk.id, ['unknown'], 'reconciled', { finishedAt, bizId: proof })) return;
      for (const m of members) {
        if (store.hasAccepted(chunk.campaignId, m.phone)) store.setRecipient(m.id, 'unconfirmed', { reason: OAID_UNCONFIRMED_REASON });
        else {
          store.setRecipient(m.id, 'accepted', { bizId: proof, reason: '', submittedAt: new Date(startedMs).toISOString() });
          accepted++;
        }
      }
    });
    deps.log.info('oaid chunk settled by a report', { chunk: chunk.id, task_sign: chunk.taskSign, accepted });
    return { outcome: 'executed', bizId: proof, accepted };
  }
  const deadline = startedMs + deps.settleMs;
  if (deps.now() >= deadline) {
    store.tx(() => {
      if (!store.moveChunk(chunk.id, ['unknown'], 'reconciled', { finishedAt })) return;
      for (const m of members) store.setRecipient(m.id, 'unconfirmed', { reason: OAID_UNCONFIRMED_REASON });
    });
    deps.log.info('oaid chunk unconfirmed: no report in time', { chunk: chunk.id, task_sign: chunk.taskSign, orders: members.length });
    return { outcome: 'unconfirmed', unconfirmed: members.length };
  }
  const next = Math.min(deadline, deps.now() + OAID_SETTLE_POLL_MS);
  store.moveChunk(chunk.id, ['unknown'], 'unknown', { reconcileAfter: new Date(next).toISOString() });
  return { outcome: 'waiting', next };
}
