import { controlSize, type SegmentControl, type SegmentRule, type SegmentSendView, type SegmentSource } from '../../../shared/audiences/contract';
import type { CampaignView } from '../../../shared/sending/contract';
import type { OrderField } from '../../../shared/orders/fields';
import { AppError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import type { SendingModule } from '../sending';
import type { AudiencesModule } from '.';
import type { SegmentMember } from './query';

export interface SegmentSendInput {
  segmentId: number;
  control: SegmentControl;
  name?: string;
  templateCode: string;
  signName: string;
  varMap?: Record<string, OrderField>;
  startNow?: boolean;
}

export interface SegmentSend {
  campaign: CampaignView;
  buyers: number;
  control: number;
}

/** A segment evaluated now and split into the control group (held back) and the buyers sent to. */
export interface SegmentDraw {
  segmentId: number | null;
  segmentName: string;
  rule: SegmentRule;
  buyers: number;
  controlPercent: number;
  control: SegmentMember[];
  sent: SegmentMember[];
}

/** Name of a send to the rule being edited (not saved). */
export const UNSAVED_SEGMENT_NAME = '当前条件';

/**
 * Draws `count` members at random (partial Fisher–Yates on the core's clock.random, so tests fix the draw).
 * Returns [held back, sent].
 */
export function drawControl(members: readonly SegmentMember[], count: number, random: () => number): [SegmentMember[], SegmentMember[]] {
  const pool = [...members];
  const k = Math.max(0, Math.min(count, pool.length));
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return [pool.slice(0, k), pool.slice(k)];
}

/** The one place a segment send is decided: the segment evaluated now, the control group drawn with the core's random. */
export function drawSegment(ctx: Pick<CoreContext, 'clock'>, audiences: AudiencesModule, source: SegmentSource, control: SegmentControl): SegmentDraw {
  const segment = 'segmentId' in source ? audiences.get(source.segmentId) : { id: null, name: source.name?.trim() || UNSAVED_SEGMENT_NAME, rule: source.rule };
  const members = audiences.members(segment.rule);
  if (members.length === 0) throw new AppError('BAD_REQUEST', `人群“${segment.name}”现在没有买家，无法发送。`);
  const [held, sent] = drawControl(members, controlSize(members.length, control), () => ctx.clock.random());
  if (sent.length === 0) throw new AppError('BAD_REQUEST', `对照组占了人群“${segment.name}”的全部 ${members.length} 位买家，没有人可发送。`);
  const controlPercent = 'percent' in control ? control.percent : Math.round((held.length / members.length) * 10_000) / 100;
  return { segmentId: segment.id, segmentName: segment.name, rule: segment.rule, buyers: members.length, controlPercent, control: held, sent };
}

/**
 * Records a campaign's segment send and its control group (replacing what an earlier import of the same draft
 * recorded). A hold-back counts from the moment the campaign starts (effect reads campaigns.started_at).
 */
export function recordSegmentSend(ctx: Pick<CoreContext, 'db' | 'shopId' | 'clock'>, campaignId: number, draw: SegmentDraw): SegmentSendView {
  const at = new Date(ctx.clock.now()).toISOString();
  ctx.db.transaction(() => {
    ctx.db.prepare('DELETE FROM audience_control WHERE campaign_id = ?').run(campaignId);
    ctx.db
      .prepare(
        `INSERT OR REPLACE INTO audience_sends (campaign_id, shop_id, segment_id, segment_name, rule, control_percent, buyers, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(campaignId, ctx.shopId, draw.segmentId, draw.segmentName, JSON.stringify(draw.rule), draw.controlPercent, draw.buyers, at);
    const hold = ctx.db.prepare('INSERT INTO audience_control (shop_id, campaign_id, buyer_open_uid, tid, at) VALUES (?, ?, ?, ?, ?)');
    for (const m of draw.control) hold.run(ctx.shopId, campaignId, m.buyerOpenUid, m.tid, at);
  })();
  return segmentSendOf(ctx, campaignId)!;
}

/** The segment send a campaign records, or null. */
export function segmentSendOf(ctx: Pick<CoreContext, 'db' | 'shopId'>, campaignId: number): SegmentSendView | null {
  const row = ctx.db
    .prepare(
      `SELECT s.segment_id AS segmentId, s.segment_name AS segmentName, s.buyers, s.control_percent AS controlPercent,
              (SELECT COUNT(*) FROM audience_control c WHERE c.campaign_id = s.campaign_id) AS control
         FROM audience_sends s WHERE s.shop_id = ? AND s.campaign_id = ?`,
    )
    .get(ctx.shopId, campaignId) as Omit<SegmentSendView, 'campaignId' | 'sent'> | undefined;
  return row ? { campaignId, ...row, sent: row.buyers - row.control } : null;
}

/** The buyers a campaign held back, with the order a send would have used. */
export function controlGroupOf(ctx: Pick<CoreContext, 'db' | 'shopId'>, campaignId: number): SegmentMember[] {
  return ctx.db
    .prepare('SELECT buyer_open_uid AS buyerOpenUid, tid FROM audience_control WHERE shop_id = ? AND campaign_id = ? ORDER BY id')
    .all(ctx.shopId, campaignId) as SegmentMember[];
}

/**
 * 发送 → 人群 (segments.import): a draft's recipients become the segment's buyers but the control group, each by their
 * most recent matching order, through campaigns.importOrders; the draw is recorded in the same transaction.
 */
export function importSegment(
  ctx: Pick<CoreContext, 'db' | 'shopId' | 'clock'>,
  audiences: AudiencesModule,
  sending: SendingModule,
  input: { campaignId: number; source: SegmentSource; control: SegmentControl },
): SegmentSendView {
  const draw = drawSegment(ctx, audiences, input.source, input.control);
  return ctx.db.transaction(() => {
    sending.importOrders(input.campaignId, { tids: draw.sent.map((m) => m.tid), perOrder: false });
    return recordSegmentSend(ctx, input.campaignId, draw);
  })();
}

/**
 * `jst-sms send --segment` : the same draw, then one campaign created with its template through createOrderSend
 * (OAID + order id), the draw recorded with it.
 */
export async function sendToSegment(
  ctx: Pick<CoreContext, 'db' | 'shopId' | 'clock'>,
  audiences: AudiencesModule,
  sending: SendingModule,
  input: SegmentSendInput,
): Promise<SegmentSend> {
  const draw = drawSegment(ctx, audiences, { segmentId: input.segmentId }, input.control);
  const campaign = await sending.createOrderSend({
    name: input.name?.trim() || `人群：${draw.segmentName}`,
    kind: 'campaign',
    templateCode: input.templateCode,
    signName: input.signName,
    orders: draw.sent.map((m) => ({ tid: m.tid })),
    perOrder: false,
    varMap: input.varMap,
    startNow: input.startNow,
    meta: { segmentId: String(input.segmentId), segmentName: draw.segmentName, controlPercent: String(draw.controlPercent) },
  });
  recordSegmentSend(ctx, campaign.id, draw);
  return { campaign, buyers: draw.buyers, control: draw.control.length };
}
