import type { CampaignCounts, PreSendCheck } from '../../shared/sending/contract';
import type { CoreServices } from '../core/services';
import type { CampaignRow } from '../core/sending/store';
import type { CliIo } from './io';

/** The one final object of --json (send, campaigns, campaign). */
export function campaignJson(sending: CoreServices['sending'], c: CampaignRow) {
  const counts: CampaignCounts = sending.store.counts(c.id);
  return {
    id: c.id,
    name: c.name,
    state: c.state,
    ...(c.reasonCode ? { reason: { code: c.reasonCode, message: c.reason } } : {}),
    counts: {
      rows: counts.rows,
      valid: counts.valid,
      duplicate: counts.duplicate,
      invalid: counts.invalid,
      suppressed: counts.suppressed,
      submitted: counts.submitted,
      rejected: counts.rejected,
      unconfirmed: counts.unconfirmed,
      cancelled: counts.cancelled,
      // Order sends (issue 17): order rows, distinct buyers, orders without an OAID.
      ...(c.audience === 'orders' ? { orders: counts.orders ?? 0, buyers: counts.buyers ?? 0, noOaid: counts.noOaid ?? 0 } : {}),
    },
  };
}

/** 0 final (or a dry run), 3 paused / waiting for the seller. */
export function exitCodeFor(c: CampaignRow): number {
  return c.state === 'completed' || c.state === 'cancelled' || c.state === 'draft' ? 0 : 3;
}

export function humanCounts(j: ReturnType<typeof campaignJson>): string {
  const n = j.counts;
  return `共 ${n.rows} 行：有效 ${n.valid}，重复 ${n.duplicate}，无效 ${n.invalid}，已屏蔽 ${n.suppressed}；已提交 ${n.submitted}，平台拒收 ${n.rejected}，未确认 ${n.unconfirmed}，已取消 ${n.cancelled}`;
}

/** What `jst-sms campaign <id> --json` adds to `counts`: the delivery states of its numbers. */
export function withDeliveryCounts<T extends { id: number; counts: object }>(history: CoreServices['history'], campaign: T) {
  const { delivered, failed, pending, unknown } = history.queries.counts(campaign.id);
  return { ...campaign, counts: { ...campaign.counts, delivered, failed, pending, unknown } };
}

const SEVERITY_LABEL: Record<PreSendCheck['items'][number]['severity'], string> = { error: '错误', warning: '提醒', info: '说明' };

/** The pre-send check's items on stderr, one `[检查]` line each (send and send --segment). */
export function writeCheckItems(io: CliIo, check: PreSendCheck): void {
  for (const item of check.items) io.stderr.write(`[检查] ${SEVERITY_LABEL[item.severity]}：${item.message}\n`);
}
