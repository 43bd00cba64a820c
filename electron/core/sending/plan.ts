// Pure planning rules of the ledger: chunk sizes, task_signs, state transitions, how many calls to keep in flight.
import type { CampaignState, ChunkState } from '../../../shared/sending/contract';
import type { CampaignAudience } from '../../../shared/sending/contract';
import { MAX_BATCH_OAIDS, MAX_BATCH_RECIPIENTS } from '../top/schemas';

export const CHUNK_SIZE = MAX_BATCH_RECIPIENTS;
/** An OAID batchsend carries at most 50 buyers. */
export const ORDER_CHUNK_SIZE = MAX_BATCH_OAIDS;

export function chunkSizeFor(audience: CampaignAudience): number {
  return audience === 'orders' ? ORDER_CHUNK_SIZE : CHUNK_SIZE;
}
export const MAX_IN_FLIGHT = 16;

/**
 * Splits `count` numbers into chunk sizes of at most `size`. When `final` is false only whole chunks are cut (the
 * rest waits for the next batch, so a big campaign prepared in batches still has full chunks).
 */
export function chunkSizes(count: number, final: boolean, size = CHUNK_SIZE): number[] {
  const out: number[] = [];
  let left = count;
  while (left >= size) {
    out.push(size);
    left -= size;
  }
  if (final && left > 0) out.push(left);
  return out;
}

/**
 * Stable per (campaign, round, chunk): the same logical send always carries the same task_sign, so the platform
 * can recognise a repeat. The creation time keeps two installations' campaign 1 apart. ≤ 64 characters.
 */
export function taskSign(campaignId: number, createdAt: string, round: number, chunkIndex: number): string {
  const stamp = Math.floor(Date.parse(createdAt) / 1000).toString(36);
  return `jst-${campaignId}-${stamp}-r${round}-c${chunkIndex}`;
}

/**
 * Calls in flight to reach `qps` at a call latency of `latencyMs` (the shared limiter paces; this only feeds it).
 * Two spare: one waits in the limiter for the next slot, one covers our own time between answer and next call.
 */
export function concurrencyFor(qps: number, latencyMs: number, cap = MAX_IN_FLIGHT): number {
  const needed = Math.ceil((qps * Math.max(0, latencyMs)) / 1000) + 2;
  return Math.max(1, Math.min(cap, needed));
}

const CHUNK_TRANSITIONS: Readonly<Record<ChunkState, readonly ChunkState[]>> = {
  prepared: ['in_flight', 'cancelled'],
  // The call's answer decides; a not-executed refusal returns the chunk to prepared.
  in_flight: ['accepted', 'rejected', 'unknown', 'prepared'],
  unknown: ['reconciled', 'accepted', 'rejected'],
  accepted: [],
  rejected: [],
  reconciled: [],
  cancelled: [],
};

export function canMoveChunk(from: ChunkState, to: ChunkState): boolean {
  return CHUNK_TRANSITIONS[from].includes(to);
}

const CAMPAIGN_TRANSITIONS: Readonly<Record<CampaignState, readonly CampaignState[]>> = {
  draft: ['scheduled', 'sending', 'cancelled'],
  scheduled: ['sending', 'missed', 'cancelled', 'draft'],
  missed: ['sending', 'scheduled', 'cancelled'],
  sending: ['paused', 'completed', 'cancelled'],
  paused: ['sending', 'cancelled', 'completed'],
  completed: ['sending'], // only through resendUnconfirmed of a finished campaign
  cancelled: [],
};

export function canMoveCampaign(from: CampaignState, to: CampaignState): boolean {
  return CAMPAIGN_TRANSITIONS[from].includes(to);
}

/** Seconds left at the observed pace (numbers per second), or from the QPS when nothing was sent yet. */
export function etaSeconds(remainingNumbers: number, numbersPerSecond: number | null, qps: number): number | null {
  if (remainingNumbers <= 0) return 0;
  const rate = numbersPerSecond && numbersPerSecond > 0 ? numbersPerSecond : qps * CHUNK_SIZE;
  return rate > 0 ? Math.ceil(remainingNumbers / rate) : null;
}
