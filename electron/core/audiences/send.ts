import type { CampaignView } from '../../../shared/sending/contract';
import type { OrderField } from '../../../shared/orders/fields';
import { AppError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import type { SendingModule } from '../sending';
import type { AudiencesModule } from '.';
import type { SegmentMember } from './query';

export interface SegmentSendInput {
  segmentId: number;
  /** Share of the segment's buyers held back (0–50 %), chosen at random and never sent. */
  controlPercent: number;
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

/**
 * A send to a saved segment: the segment evaluated now, each buyer's most recent matching order through
 * createOrderSend (OAID + order id), a control group held back and recorded (never sent) for 效果.
 */
export async function sendToSegment(
  ctx: Pick<CoreContext, 'db' | 'shopId' | 'clock'>,
  audiences: AudiencesModule,
  sending: SendingModule,
  input: SegmentSendInput,
): Promise<SegmentSend> {
  const segment = audiences.get(input.segmentId);
  const members = audiences.members(segment.rule);
  if (members.length === 0) throw new AppError('BAD_REQUEST', `人群“${segment.name}”现在没有买家，无法发送。`);
  const [control, sent] = drawControl(members, Math.round((members.length * input.controlPercent) / 100), () => ctx.clock.random());
  if (sent.length === 0) throw new AppError('BAD_REQUEST', `对照组占了人群“${segment.name}”的全部 ${members.length} 位买家，没有人可发送。`);
  const campaign = await sending.createOrderSend({
    name: input.name?.trim() || `人群：${segment.name}`,
    kind: 'campaign',
    templateCode: input.templateCode,
    signName: input.signName,
    orders: sent.map((m) => ({ tid: m.tid })),
    perOrder: false,
    varMap: input.varMap,
    startNow: input.startNow,
    meta: { segmentId: String(segment.id), segmentName: segment.name, controlPercent: String(input.controlPercent) },
  });
  const at = new Date(ctx.clock.now()).toISOString();
  ctx.db.transaction(() => {
    ctx.db
      .prepare(
        'INSERT INTO audience_sends (campaign_id, shop_id, segment_id, segment_name, rule, control_percent, buyers, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(campaign.id, ctx.shopId, segment.id, segment.name, JSON.stringify(segment.rule), input.controlPercent, members.length, at);
    const hold = ctx.db.prepare('INSERT INTO audience_control (shop_id, campaign_id, buyer_open_uid, tid, at) VALUES (?, ?, ?, ?, ?)');
    for (const m of control) hold.run(ctx.shopId, campaign.id, m.buyerOpenUid, m.tid, at);
  })();
  return { campaign, buyers: members.length, control: control.length };
}
