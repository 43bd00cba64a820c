// 发送 → 人群 as the wizard does it, through the contract: a draft's recipients from a segment with a control group
// (a share or a number of buyers, drawn again on each import), the check, the start; the hold-back counts from the
// start, and replacing the recipients forgets the segment send.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestInput, RequestName, RequestResult } from '../../../shared/contract';
import { main } from '../../../electron/cli/index';
import { openCliCore } from '../../../electron/cli/core';
import { OrderStore } from '../../../electron/core/orders/store';
import { startTopGateway, type SendEvent } from '../../../electron/sim/top-gateway';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const quiet = { write: () => true };

describe('segments.import: a draft campaign sends to a segment', () => {
  it('draws the control group (N buyers or P %), records it, sends the rest by OAID and counts the hold-back from the start', async () => {
    const sends: SendEvent[] = [];
    const top = await startTopGateway({ reviewDelayMs: null, onSend: (s) => void sends.push(s) });
    const profile = mkdtempSync(join(tmpdir(), 'jst-segment-import-'));
    cleanups.push(
      () => top.close(),
      () => rmSync(profile, { recursive: true, force: true }),
    );
    const env = {
      JST_SMS_PROFILE: profile,
      JST_TOP_GATEWAY: top.url,
      JST_TOP_APP_KEY: top.credentials.appKey,
      JST_TOP_APP_SECRET: top.credentials.appSecret,
      JST_TOP_SESSION: top.credentials.session,
    };
    top.control.seedTemplate({ code: 'SMS_BACK', content: '好久不见，新品已上架，欢迎回店看看', type: 1, status: 'approved' });
    const buyers = Array.from({ length: 10 }, (_, i) => `AAimp${String(i).padStart(3, '0')}`);
    for (const buyer of buyers) top.trades.pay(top.trades.create({ buyerOpenUid: buyer, createdAt: Date.now() - 2 * DAY }).tid);
    const io = { stdout: quiet, stderr: quiet, env };
    expect(await main(['orders', 'sync', '--json'], io)).toBe(0);

    const core = await openCliCore(io);
    cleanups.push(() => core.close());
    const call = async <M extends RequestName>(method: M, input: RequestInput<M>): Promise<RequestResult<M>> => {
      const envelope = await core.dispatch(method, input);
      if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
      return envelope.result as RequestResult<M>;
    };
    const segment = await call('segments.save', { name: '最近买过', rule: { lastOrderWithinDays: 7 } });
    const draft = await call('campaigns.create', {});

    expect(await call('segments.import', { campaignId: draft.id, source: { segmentId: segment.id }, control: { buyers: 3 } })).toEqual({
      campaignId: draft.id,
      segmentId: segment.id,
      segmentName: '最近买过',
      buyers: 10,
      control: 3,
      controlPercent: 30,
      sent: 7,
    });
    expect((await call('campaigns.get', { id: draft.id })).counts.rows).toBe(7);
    // Imported again: a new draw replaces the old one.
    await call('segments.import', { campaignId: draft.id, source: { segmentId: segment.id }, control: { percent: 20 } });
    const held = () =>
      core.ctx.db.prepare('SELECT buyer_open_uid AS buyer, tid FROM audience_control WHERE campaign_id = ?').all(draft.id) as Array<{
        buyer: string;
        tid: string;
      }>;
    expect(held()).toHaveLength(2);
    expect(await call('segments.sendOf', { campaignId: draft.id })).toMatchObject({ buyers: 10, control: 2, sent: 8, controlPercent: 20 });
    // The rule being edited, unsaved.
    expect(await call('segments.import', { campaignId: draft.id, source: { rule: { minOrders: 1 } }, control: { percent: 10 } })).toMatchObject({
      segmentId: null,
      segmentName: '当前条件',
      control: 1,
      sent: 9,
    });
    const control = held();
    expect(control).toHaveLength(1);

    const template = await call('templates.import', { code: 'SMS_BACK' });
    await call('campaigns.update', { id: draft.id, templateId: template.id, signName: '回头客小店' });
    const check = await call('campaigns.check', { id: draft.id });
    expect(check.ready).toBe(true);
    expect(check.orders).toMatchObject({ orders: 9, buyers: 9, noOaid: 0 });
    expect(check.finalRecipients).toBe(9);

    // Before the start nobody is held back yet: a control buyer's order now is nobody's.
    const store = new OrderStore(core.ctx.db, 1);
    let seq = 0;
    const order = (buyer: string, at: number) =>
      store.applyTrade(
        {
          tid: `48${String(++seq).padStart(17, '0')}`,
          status: 'TRADE_FINISHED',
          type: 'fixed',
          buyerOpenUid: buyer,
          buyerNick: '买**',
          payment: '40.00',
          postFee: '0.00',
          created: at,
          payTime: null,
          consignTime: null,
          endTime: null,
          modified: at,
        },
        Date.now(),
      );
    order(control[0]!.buyer, Date.now() - 1);
    expect(await call('effect.get', { campaignId: draft.id, days: 3 })).toMatchObject({ control: 1, controlOrders: 0 });

    const { sending } = core.services;
    sending.engine.limitTo(draft.id);
    await call('campaigns.start', { id: draft.id, confirm: true });
    await sending.engine.settled(draft.id);
    expect(sends).toHaveLength(9);
    expect(sends.some((s) => s.orderId === control[0]!.tid)).toBe(false);
    const startedAt = Date.parse((await call('campaigns.get', { id: draft.id })).startedAt!);
    order(control[0]!.buyer, startedAt + HOUR);
    expect(await call('effect.get', { campaignId: draft.id, days: 3 })).toMatchObject({ recipients: 9, control: 1, controlOrders: 1, controlAmount: 40 });

    // Another draft takes a segment, then a phone list instead: the segment send is forgotten.
    const other = await call('campaigns.create', {});
    await call('segments.import', { campaignId: other.id, source: { segmentId: segment.id }, control: { percent: 10 } });
    sending.usePhones(other.id);
    expect(await call('segments.sendOf', { campaignId: other.id })).toBeNull();
    expect(core.ctx.db.prepare('SELECT COUNT(*) FROM audience_control WHERE campaign_id = ?').pluck().get(other.id)).toBe(0);
  });
});
