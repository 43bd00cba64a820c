import { extractVariables } from '../../../shared/sms';
import { storedText } from '../../../shared/stored-text';
import { sendScope, type SuppressionStore } from '../suppression/store';
import { recipientParams } from './drafts';
import { chunkSizeFor, chunkSizes, taskSign } from './plan';
import { missingOrderVariable, missingVariableReason, orderParams } from './orders';
import type { CampaignRow, SendingStore } from './store';
import { renderFast, segmentsOf } from './check';

/** Rows per transaction (a multiple of 200): a 1M campaign prepares in 1000 short transactions, the event loop breathes between. */
export const PREPARE_BATCH = 1_000;
const DAY_MS = 86_400_000;

export function frequencyReason(days: number): string {
  return `同一号码 ${days} 天内已收到本店营销短信（频率保护，已跳过）`;
}
export function buyerFrequencyReason(days: number): string {
  return `同一买家 ${days} 天内已收到本店营销短信（频率保护，已跳过）`;
}
export const SUPPRESSED_AT_SEND = storedText.skippedOnList();
export const BUYER_SUPPRESSED_AT_SEND = storedText.buyerSkippedOnList();

const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface PrepareDeps {
  store: SendingStore;
  suppression: SuppressionStore;
  now: () => number;
}

/**
 * Ledger preparation: valid rows → queued in chunks of ≤ 200 with a stable task_sign (round 0), frequency-guard and
 * suppression hits → skipped, per-row segments stored. Resumable: rows still 'valid' after a crash are picked up.
 */
export async function prepareCampaign(deps: PrepareDeps, campaign: CampaignRow): Promise<void> {
  const { store } = deps;
  const names = extractVariables(campaign.templateContent);
  const byOrder = campaign.audience === 'orders';
  const chunkSize = chunkSizeFor(campaign.audience);
  const marketing = campaign.templateType === 2;
  const since = campaign.frequencyDays > 0 ? new Date(deps.now() - campaign.frequencyDays * DAY_MS).toISOString() : null;
  let chunkIndex = store.nextChunkIndex(campaign.id, 0);
  // Segment totals of the queued rows: counted as they are queued; a resumed preparation first reads those an earlier
  // run queued (one read after a crash, instead of a read of every queued row at the end of every preparation).
  const totals = chunkIndex > 0 ? store.queuedSegments(campaign.id) : { min: Infinity, max: 0, total: 0 };
  for (;;) {
    const rows = store.recipientBatch(campaign.id, ['valid'], 0, PREPARE_BATCH);
    if (rows.length === 0) break;
    const final = rows.length < PREPARE_BATCH;
    const phones = rows.map((r) => r.phone);
    // The frequency guard keys a number by itself and an order row by its buyer (an OAID send has no number).
    const recent =
      !marketing || !since
        ? new Set<string>()
        : byOrder
          ? store.recentlySentMarketingBuyers(
              rows.flatMap((r) => (r.buyerOpenUid ? [r.buyerOpenUid] : [])),
              since,
              campaign.id,
            )
          : store.recentlySentMarketing(phones, since, campaign.id);
    const scope = sendScope(campaign.templateType);
    const blocked = byOrder ? new Map() : deps.suppression.filterSuppressed(phones, scope);
    const blockedBuyers = byOrder
      ? deps.suppression.filterSuppressedBuyers(
          rows.flatMap((r) => (r.buyerOpenUid ? [r.buyerOpenUid] : [])),
          scope,
        )
      : new Map();
    store.tx(() => {
      const skippedFreq: number[] = [];
      const skippedBlocked: number[] = [];
      const skippedBuyers: number[] = [];
      const sendable: typeof rows = [];
      for (const r of rows) {
        const missing = byOrder ? missingOrderVariable(campaign, r, names) : null;
        if (missing) store.markRecipients([r.id], 'skipped', missingVariableReason(missing));
        else if (blocked.has(r.phone)) skippedBlocked.push(r.id);
        else if (r.buyerOpenUid && blockedBuyers.has(r.buyerOpenUid)) skippedBuyers.push(r.id);
        else if (recent.has(byOrder ? (r.buyerOpenUid ?? '') : r.phone)) skippedFreq.push(r.id);
        else sendable.push(r);
      }
      store.markRecipients(skippedFreq, 'skipped', (byOrder ? buyerFrequencyReason : frequencyReason)(campaign.frequencyDays));
      store.markRecipients(skippedBlocked, 'skipped', SUPPRESSED_AT_SEND);
      store.markRecipients(skippedBuyers, 'skipped', BUYER_SUPPRESSED_AT_SEND);
      const type = campaign.templateType ?? 1;
      let offset = 0;
      for (const size of chunkSizes(sendable.length, final, chunkSize)) {
        const members = sendable.slice(offset, offset + size);
        offset += size;
        const id = store.insertChunk({
          campaignId: campaign.id,
          chunkIndex,
          round: 0,
          taskSign: taskSign(campaign.id, campaign.createdAt, 0, chunkIndex),
          size,
        });
        chunkIndex++;
        store.queueChunkRange(
          campaign.id,
          id,
          members.map((m) => {
            const params = byOrder ? orderParams(campaign, m, names) : recipientParams(campaign, m.vars, names);
            const segments = segmentsOf(campaign.signName, renderFast(campaign.templateContent, params), type);
            if (segments < totals.min) totals.min = segments;
            if (segments > totals.max) totals.max = segments;
            totals.total += segments;
            return { id: m.id, segments };
          }),
        );
      }
    });
    if (final) break;
    await breathe();
  }
  const now = new Date(deps.now()).toISOString();
  const min = totals.min === Infinity ? 0 : totals.min;
  store.updateCampaign(campaign.id, { preparedAt: now, segmentsMin: min, segmentsMax: totals.max, segmentsTotal: totals.total }, now);
}

/**
 * 重新发送未确认号码: the seller's explicit choice. Unconfirmed numbers (never accepted in this campaign) go out again
 * as new chunks of a new round, with new task_signs. Returns how many numbers were queued.
 */
export function prepareResendRound(store: SendingStore, campaign: CampaignRow): number {
  return store.tx(() => {
    const round = store.maxRound(campaign.id) + 1;
    const rows = store.recipientBatch(campaign.id, ['unconfirmed'], 0, Number.MAX_SAFE_INTEGER).filter((r) => !store.hasAccepted(campaign.id, r.phone));
    let offset = 0;
    let index = 0;
    for (const size of chunkSizes(rows.length, true, chunkSizeFor(campaign.audience))) {
      const members = rows.slice(offset, offset + size);
      offset += size;
      const id = store.insertChunk({
        campaignId: campaign.id,
        chunkIndex: index,
        round,
        taskSign: taskSign(campaign.id, campaign.createdAt, round, index),
        size,
      });
      index++;
      store.assignChunk(
        members.map((m) => ({ id: m.id })),
        id,
      );
    }
    return rows.length;
  });
}
