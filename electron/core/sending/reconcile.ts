import { beijingDatesBetween, parseBeijingDateTime } from '../../../shared/time/beijing';
import type { Logger } from '../log/logger';
import type { TopClient } from '../top/client';
import { NUM_QUERY_WINDOW_DAYS } from '../top/schemas';
import type { ChunkRow, SendingStore } from './store';

/**
 * The platform's clock and ours may differ, and num.query times have whole seconds: a record counts for a chunk
 * from this long before the chunk started. Sends of the same number and template already in the ledger within that
 * margin are subtracted, so an earlier send is never mistaken for this one.
 */
export const RECONCILE_CLOCK_TOLERANCE_MS = 120_000;
/** Numbers queried at once (every query still goes through the shared limiter). */
const PARALLEL_QUERIES = 4;
export const UNCONFIRMED_REASON = '发送结果未确认：网络中断后在发送记录中查不到这个号码（未确认）。可选择重新发送。';

export interface ReconcileResult {
  accepted: number;
  unconfirmed: number;
}

/**
 * An unknown chunk (the call may or may not have executed): every number is looked up with num.query over the
 * Beijing days since the chunk started (≤ 30). Found with this template after the start → accepted; else 未确认.
 * Throws when a query fails (the chunk stays unknown and is tried again later).
 */
export async function reconcileChunk(
  deps: { store: SendingStore; client: TopClient; now: () => number; log: Logger },
  chunk: ChunkRow,
  templateCode: string,
): Promise<ReconcileResult> {
  const { store } = deps;
  const members = store.chunkRecipients(chunk.id, ['in_flight']);
  const startedMs = chunk.startedAt ? Date.parse(chunk.startedAt) : deps.now();
  const since = startedMs - RECONCILE_CLOCK_TOLERANCE_MS;
  const sinceIso = new Date(since).toISOString();
  const dates = beijingDatesBetween(since, deps.now(), NUM_QUERY_WINDOW_DAYS);
  const outcomes = new Map<number, { sentAt: number | null }>();

  let next = 0;
  const worker = async () => {
    while (next < members.length) {
      const m = members[next++]!;
      let found = 0;
      let sentAt: number | null = null;
      for (const date of dates) {
        for await (const record of deps.client.iterateSmsNum({ phone: m.phone, date })) {
          const at = record.sentAt ? parseBeijingDateTime(record.sentAt) : null;
          if (record.templateCode !== templateCode || at === null || at < since - 1000) continue;
          found++;
          sentAt = Math.max(sentAt ?? 0, at);
        }
      }
      const known = found > 0 ? store.otherAcceptedSince(m.phone, templateCode, sinceIso, chunk.id) : 0;
      if (found > known) outcomes.set(m.id, { sentAt });
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_QUERIES, members.length) }, worker));

  const finishedAt = new Date(deps.now()).toISOString();
  let accepted = 0;
  store.tx(() => {
    for (const m of members) {
      const hit = outcomes.get(m.id);
      if (hit && !store.hasAccepted(chunk.campaignId, m.phone)) {
        // num.query records carry no biz_id (spec §2.6): the receipt of an unknown call stays unknown.
        store.setRecipient(m.id, 'accepted', { reason: '', submittedAt: new Date(hit.sentAt ?? startedMs).toISOString() });
        accepted++;
      } else {
        store.setRecipient(m.id, 'unconfirmed', { reason: UNCONFIRMED_REASON });
      }
    }
    store.moveChunk(chunk.id, ['unknown'], 'reconciled', { finishedAt });
  });
  deps.log.info('chunk reconciled', { chunk: chunk.id, task_sign: chunk.taskSign, accepted, unconfirmed: members.length - accepted });
  return { accepted, unconfirmed: members.length - accepted };
}
