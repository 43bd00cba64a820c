// Every rule × every "must not send" reason, table-driven: each row builds an order's history, lets the item come due
// on the fake clock and asserts the one decision (sent once, or skipped with exactly that reason).
import { afterEach, describe, expect, it } from 'vitest';
import type { AutomationKind, SkipReason } from '../../../shared/automations/contract';
import { createWorld, DAY, HOUR, MARKETING_TEMPLATE, MINUTE, order, sentTids, type World } from './world';

const TID = '4012345678901234567';
const OTHER = '4012345678901239999';
const BUYER = 'buyer-A';
let w: World;
afterEach(() => w?.close());

/** Events that start each kind's trigger for `tid` at the clock's now; returns the item's due time. */
const FIRE: Record<AutomationKind, (w: World, tid: string, buyer?: string) => number> = {
  'urge-pay': (w, tid, buyer = BUYER) => {
    w.event('taobao_trade_TradeCreate', order(tid, buyer));
    return w.clock.now() + 30 * MINUTE;
  },
  shipped: (w, tid, buyer = BUYER) => {
    w.event('taobao_trade_TradeCreate', order(tid, buyer), w.clock.now() - 2 * HOUR);
    w.event('taobao_trade_TradeBuyerPay', order(tid, buyer), w.clock.now() - HOUR);
    w.event('taobao_trade_TradeSellerShip', order(tid, buyer));
    return w.clock.now();
  },
  signed: (w, tid, buyer = BUYER) => {
    w.event('taobao_trade_TradeBuyerPay', order(tid, buyer), w.clock.now() - 2 * DAY);
    w.event('taobao_trade_TradeSellerShip', order(tid, buyer), w.clock.now() - DAY);
    w.event('taobao_logistics_LogsticDetailTrace', { ...order(tid, buyer), action: 'SIGNED', company_name: '中通', out_sid: '7312345678' });
    return w.clock.now() + 2 * HOUR;
  },
  refund: (w, tid, buyer = BUYER) => {
    w.event('taobao_trade_TradeBuyerPay', order(tid, buyer), w.clock.now() - DAY);
    w.event('taobao_refund_RefundCreated', { ...order(tid, buyer), refund_id: '88001', refund_fee: '100.00' });
    return w.clock.now();
  },
  review: (w, tid, buyer = BUYER) => {
    w.event('taobao_trade_TradeBuyerPay', order(tid, buyer), w.clock.now() - 5 * DAY);
    w.event('taobao_trade_TradeSuccess', order(tid, buyer));
    return w.clock.now() + DAY;
  },
};
const KINDS = Object.keys(FIRE) as AutomationKind[];

async function decideAt(w: World, ms: number) {
  await w.clock.advance(ms - w.clock.now());
  return w.auto.runOnce();
}

function decisionOf(w: World, tid = TID) {
  return w.auto.log({ page: 1, pageSize: 50, tid }).items.map((i) => ({ kind: i.kind, outcome: i.outcome, reason: i.reason }));
}

interface Row {
  kind: AutomationKind;
  reason: SkipReason;
  /** Builds the case; returns when to decide. */
  run(w: World): Promise<number> | number;
}

const rows: Row[] = [
  // The order's own state.
  {
    kind: 'urge-pay',
    reason: 'paid',
    run: (w) => {
      const due = FIRE['urge-pay'](w, TID);
      w.event('taobao_trade_TradeBuyerPay', order(TID, BUYER), w.clock.now() + 5 * MINUTE);
      return due;
    },
  },
  {
    kind: 'urge-pay',
    reason: 'closed',
    run: (w) => {
      const due = FIRE['urge-pay'](w, TID);
      w.event('taobao_trade_TradeClose', order(TID, BUYER), w.clock.now() + 5 * MINUTE);
      return due;
    },
  },
  {
    kind: 'shipped',
    reason: 'closed',
    run: (w) => {
      w.auto.save({ kind: 'shipped', delayMinutes: 60 });
      const due = FIRE.shipped(w, TID) + HOUR;
      w.event('taobao_trade_TradeClose', order(TID, BUYER), w.clock.now() + MINUTE);
      return due;
    },
  },
  {
    kind: 'signed',
    reason: 'refund',
    run: (w) => {
      const due = FIRE.signed(w, TID);
      w.event('taobao_refund_RefundCreated', { ...order(TID, BUYER), refund_id: '88002' }, w.clock.now() + HOUR);
      return due;
    },
  },
  {
    kind: 'signed',
    reason: 'closed',
    run: (w) => {
      const due = FIRE.signed(w, TID);
      w.event('taobao_trade_TradeClose', order(TID, BUYER), w.clock.now() + HOUR);
      return due;
    },
  },
  {
    kind: 'review',
    reason: 'refund',
    run: (w) => {
      const due = FIRE.review(w, TID);
      w.event('taobao_refund_RefundCreated', { ...order(TID, BUYER), refund_id: '88003' }, w.clock.now() + HOUR);
      return due;
    },
  },
  {
    kind: 'review',
    reason: 'rated',
    run: (w) => {
      const due = FIRE.review(w, TID);
      w.event('taobao_trade_TradeRated', { ...order(TID, BUYER), rater: 'buyer' }, w.clock.now() + HOUR);
      return due;
    },
  },
  // 催付: the buyer paid another order today or yesterday.
  {
    kind: 'urge-pay',
    reason: 'paid',
    run: (w) => {
      w.event('taobao_trade_TradeBuyerPay', order(OTHER, BUYER), w.clock.now() - 20 * HOUR);
      return FIRE['urge-pay'](w, TID);
    },
  },
  // One 催付 per order: the 预关闭 item after the first 催付 went out.
  {
    kind: 'urge-pay',
    reason: 'duplicate',
    run: async (w) => {
      w.auto.save({ kind: 'urge-pay', preCloseMinutes: 60 });
      const due = FIRE['urge-pay'](w, TID);
      await decideAt(w, due);
      expect(sentTids(w)).toEqual([TID]);
      return w.clock.now() - 30 * MINUTE + 71 * HOUR; // the 预关闭 item, 1 h before the 72 h close
    },
  },
  // Common to every kind.
  ...KINDS.flatMap((kind): Row[] => [
    {
      kind,
      reason: 'quiet-hours',
      run: async (w) => {
        // 不发送 outside 09:00–22:00: every kind's item comes due at night.
        w.auto.save({ kind, outsideWindow: 'skip' });
        await w.at('2026-12-01 23:00:00');
        return FIRE[kind](w, TID);
      },
    },
    {
      kind,
      reason: 'capped',
      run: async (w) => {
        // The same buyer already got an automation SMS today (another order, 发货提醒); shortest delays keep it one day.
        // (A 催付 case uses an earlier 催付: a paid other order is its own reason, 'paid'.)
        if (kind === 'urge-pay' || kind === 'signed' || kind === 'review') w.auto.save({ kind, delayMinutes: kind === 'urge-pay' ? 10 : 0 });
        if (kind === 'urge-pay') {
          FIRE['urge-pay'](w, OTHER);
          await decideAt(w, w.clock.now() + 10 * MINUTE);
        } else {
          FIRE.shipped(w, OTHER);
          if (kind !== 'shipped') w.enable('shipped');
          await w.auto.runOnce();
        }
        expect(sentTids(w)).toEqual([OTHER]);
        FIRE[kind](w, TID);
        return w.clock.now() + (kind === 'urge-pay' ? 10 * MINUTE : 0);
      },
    },
    {
      kind,
      reason: 'opted-out',
      run: (w) => {
        w.optedOut.add(BUYER);
        return FIRE[kind](w, TID);
      },
    },
    {
      kind,
      reason: 'template-not-approved',
      run: (w) => {
        w.db.prepare("UPDATE sms_templates SET status = 'pending'").run();
        return FIRE[kind](w, TID);
      },
    },
    {
      kind,
      reason: 'no-oaid',
      run: (w) => {
        w.recheck.set(TID, 'no-oaid');
        return FIRE[kind](w, TID);
      },
    },
    {
      kind,
      reason: 'stale',
      run: (w) => {
        // The PC was off: the item is decided long after it was due.
        const due = FIRE[kind](w, TID);
        return due + (kind === 'review' ? 8 * DAY : kind === 'signed' ? 49 * HOUR : 25 * HOUR);
      },
    },
    {
      kind,
      reason: 'disabled',
      run: (w) => {
        w.auto.save({ kind, enabled: false });
        const due = FIRE[kind](w, TID);
        return due + 9 * DAY;
      },
    },
  ]),
];

describe('automation rules × must-not-send reasons', () => {
  it.each(KINDS)('%s: sends once when nothing stands in the way, and a second pass sends nothing', async (kind) => {
    w = createWorld('2026-12-01 10:00:00');
    w.enable(kind);
    const due = FIRE[kind](w, TID);
    // A duplicate delivery of the events creates no second item.
    FIRE[kind](w, TID);
    await decideAt(w, due - 1);
    expect(sentTids(w)).toEqual([]);
    await decideAt(w, due);
    expect(sentTids(w)).toEqual([TID]);
    expect(w.batches[0]).toMatchObject({ kind, templateCode: expect.any(String), signName: expect.any(String) });
    expect(w.rechecked).toEqual([{ tid: TID, live: kind === 'urge-pay' }]);
    await w.auto.runOnce();
    expect(sentTids(w)).toEqual([TID]);
    expect(decisionOf(w).filter((d) => d.kind === kind)).toEqual([{ kind, outcome: 'sent', reason: undefined }]);
  });

  it.each(rows.map((r) => [r.kind, r.reason, r] as const))('%s must not send: %s', async (kind, reason, row) => {
    w = createWorld('2026-12-01 10:00:00');
    w.enable(kind);
    const when = await row.run(w);
    const before = sentTids(w).length;
    await decideAt(w, Math.max(when, w.clock.now()));
    expect(sentTids(w).slice(before)).not.toContain(TID);
    const mine = decisionOf(w).filter((d) => d.kind === kind && d.outcome !== 'sent');
    expect(mine.length, JSON.stringify(decisionOf(w))).toBeGreaterThan(0);
    expect(
      mine.every((d) => d.outcome === 'skipped' && d.reason === reason),
      JSON.stringify(mine),
    ).toBe(true);
  });

  it('marketing templates keep to the marketing window too (好评邀请 at 21:00 waits for the next morning)', async () => {
    w = createWorld('2026-11-30 21:00:00');
    w.enable('review', { template: MARKETING_TEMPLATE });
    const due = FIRE.review(w, TID);
    await decideAt(w, due); // 2026-12-01 21:00: inside 09–22, outside the marketing window 08–20
    expect(sentTids(w)).toEqual([]);
    expect(decisionOf(w)).toEqual([{ kind: 'review', outcome: 'waiting', reason: undefined }]);
    await w.at('2026-12-02 09:00:00');
    await w.auto.runOnce();
    expect(sentTids(w)).toEqual([TID]);
  });
});
