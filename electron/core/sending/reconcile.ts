import { beijingDatesBetween, parseBeijingDateTime } from '../../../shared/time/beijing';
import type { Logger } from '../log/logger';
import type { TopClient } from '../top/client';
import { NUM_QUERY_WINDOW_DAYS } from '../top/schemas';
import type { ChunkRecipient, ChunkRow, SendingStore } from './store';

/**
 * The platform's clock and ours may differ, and num.query times have whole seconds: a record counts for a chunk
 * from this long before the chunk started. Sends of the same number and template already in the ledger within that
 * margin are subtracted, so an earlier send is never mistaken for this one.
 */
export const RECONCILE_CLOCK_TOLERANCE_MS = 120_000;
/**
 * A batchsend executes as one unit, so a chunk is decided by a few of its numbers (README: "Reconciliation").
 * More than one, spread over the chunk, so a single number the platform dropped on its own cannot make an
 * executed chunk look unsent.
 */
export const RECONCILE_SAMPLE_SIZE = 3;
export const UNCONFIRMED_REASON = '发送结果未确认：网络中断后在发送记录中查不到这一批号码（未确认）。可选择重新发送。';

/** Up to `size` members spread over the chunk: first, last, then the middle ones. */
export function sampleMembers<T>(members: readonly T[], size = RECONCILE_SAMPLE_SIZE): T[] {
  if (members.length <= size) return [...members];
  const picks = new Set<number>([0, members.length - 1]);
  for (let k = 1; picks.size < size; k++) picks.add(Math.floor((k * members.length) / size));
  return [...picks].sort((a, b) => a - b).map((i) => members[i]!);
}

export interface ReconcileResult {
  executed: boolean;
  accepted: number;
  unconfirmed: number;
  /** num.query calls this decision cost. */
  queries: number;
}

export interface ReconcileDeps {
  store: SendingStore;
  client: TopClient;
  now: () => number;
  log: Logger;
  /** True once the engine is stopping: the chunk stays unknown for the next start. */
  cancelled?: () => boolean;
}

export class ReconcileCancelled extends Error {
  constructor() {
    super('reconciliation stopped');
  }
}

/**
 * An unknown chunk (the call may or may not have executed) is decided as one unit: a few of its numbers are looked
 * up with num.query over the Beijing days since the chunk started, stopping at the first record of this template
 * sent after the start. Found → the call executed: every number is accepted (without a receipt; delivery reports and
 * history reconciliation give each number its fate). None found → 未确认, sent again only if the seller asks.
 * Throws when a query fails or the engine stops (the chunk stays unknown and is tried again later).
 */
export async function reconcileChunk(deps: ReconcileDeps, chunk: ChunkRow, templateCode: string): Promise<ReconcileResult> {
  const { store } = deps;
  const members = store.chunkRecipients(chunk.id, ['in_flight']);
  const startedMs = chunk.startedAt ? Date.parse(chunk.startedAt) : deps.now();
  const since = startedMs - RECONCILE_CLOCK_TOLERANCE_MS;
  const sinceIso = new Date(since).toISOString();
  const dates = beijingDatesBetween(since, deps.now(), NUM_QUERY_WINDOW_DAYS);

  let queries = 0;
  let sentAt: number | null = null;
  const recordFor = async (m: ChunkRecipient): Promise<number | null> => {
    let found = 0;
    let latest: number | null = null;
    for (const date of dates) {
      if (deps.cancelled?.()) throw new ReconcileCancelled();
      queries++;
      for await (const record of deps.client.iterateSmsNum({ phone: m.phone, date })) {
        const at = record.sentAt ? parseBeijingDateTime(record.sentAt) : null;
        if (record.templateCode !== templateCode || at === null || at < since - 1000) continue;
        found++;
        latest = Math.max(latest ?? 0, at);
      }
    }
    const known = found > 0 ? store.otherAcceptedSince(m.phone, templateCode, sinceIso, chunk.id) : 0;
    return found > known ? latest : null;
  };
  for (const m of sampleMembers(members)) {
    sentAt = await recordFor(m);
    if (sentAt !== null) break;
  }
  if (deps.cancelled?.()) throw new ReconcileCancelled();

  const executed = sentAt !== null;
  const finishedAt = new Date(deps.now()).toISOString();
  let accepted = 0;
  store.tx(() => {
    if (!store.moveChunk(chunk.id, ['unknown'], 'reconciled', { finishedAt })) return;
    for (const m of members) {
      if (executed && !store.hasAccepted(chunk.campaignId, m.phone)) {
        // num.query records carry no biz_id (spec §2.6): the receipt of an unknown call stays unknown.
        store.setRecipient(m.id, 'accepted', { reason: '', submittedAt: new Date(sentAt ?? startedMs).toISOString() });
        accepted++;
      } else {
        store.setRecipient(m.id, 'unconfirmed', { reason: UNCONFIRMED_REASON });
      }
    }
  });
  const unconfirmed = members.length - accepted;
  deps.log.info('chunk reconciled', { chunk: chunk.id, task_sign: chunk.taskSign, executed, accepted, unconfirmed, queries });
  return { executed, accepted, unconfirmed, queries };
}
