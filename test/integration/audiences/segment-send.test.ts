// The acceptance path of issue 19 on the simulators, through the CLI as a check runs it: orders synced from the trade
// APIs → segment save → send --segment with a 10 % control group (by OAID, never to the control group) → effect
// counts the orders created after the send, within the window, each to the latest send before it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/index';
import { openDatabase } from '../../../electron/core/db/database';
import { OrderStore } from '../../../electron/core/orders/store';
import { profilePaths } from '../../../electron/core/profile';
import { startTopGateway, type SendEvent } from '../../../electron/sim/top-gateway';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function cli(args: string[], env: NodeJS.ProcessEnv) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env });
  return { code, stdout, stderr };
}

describe('send to a segment with a control group, then its effect', () => {
  it('holds back 10 % (recorded, never sent), sends the rest by OAID, attributes later orders exactly', async () => {
    const sends: SendEvent[] = [];
    const top = await startTopGateway({ reviewDelayMs: null, onSend: (s) => void sends.push(s) });
    const profile = mkdtempSync(join(tmpdir(), 'jst-segment-send-'));
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
    // 20 buyers who bought two days ago (paid), 5 who only left an unpaid order.
    const buyers = Array.from({ length: 20 }, (_, i) => `AAseg${String(i).padStart(3, '0')}`);
    for (const buyer of buyers) top.trades.pay(top.trades.create({ buyerOpenUid: buyer, createdAt: Date.now() - 2 * DAY }).tid);
    for (let i = 0; i < 5; i++) top.trades.create({ buyerOpenUid: `AAunpaid${i}`, createdAt: Date.now() - DAY });

    expect((await cli(['orders', 'sync', '--json'], env)).code).toBe(0);
    const saved = await cli(['segment', 'save', '--name', '最近买过', '--rule', '{"lastOrderWithinDays":7,"minOrders":1}', '--json'], env);
    const segment = JSON.parse(saved.stdout) as { id: number; buyers: number };
    expect(segment.buyers).toBe(20);

    const sent = await cli(
      ['send', '--segment', String(segment.id), '--control-percent', '10', '--template', 'SMS_BACK', '--sign', '回头客小店', '--yes', '--json'],
      env,
    );
    expect(sent.code).toBe(0);
    const result = JSON.parse(sent.stdout) as { id: number; name: string; state: string; counts: Record<string, number> };
    expect(result.state).toBe('completed');
    expect(result.counts).toMatchObject({ control: 2, submitted: 18 });

    // The control group is recorded and none of its orders was sent to.
    const db = openDatabase(profilePaths(profile).database);
    const control = db.prepare('SELECT buyer_open_uid AS buyer, tid FROM audience_control WHERE campaign_id = ?').all(result.id) as Array<{
      buyer: string;
      tid: string;
    }>;
    expect(control).toHaveLength(2);
    const sentOrders = new Set(sends.map((s) => s.orderId));
    expect(sentOrders.size).toBe(18);
    for (const c of control) expect(sentOrders.has(c.tid)).toBe(false);
    const sentAt = Date.parse(
      db.prepare("SELECT MAX(submitted_at) FROM campaign_recipients WHERE campaign_id = ? AND status = 'accepted'").pluck().get(result.id) as string,
    );
    const treated = buyers.filter((b) => !control.some((c) => c.buyer === b));

    // Orders after the send: 3 recipients (100 yuan, paid), one more recipient order 4 days later (outside 3 days),
    // one unpaid recipient order (counts, no amount), one control buyer (50 yuan).
    const store = new OrderStore(db, 1);
    let seq = 0;
    const order = (buyer: string, at: number, payment: string, status: 'TRADE_FINISHED' | 'WAIT_BUYER_PAY') =>
      store.applyTrade(
        {
          tid: `49${String(++seq).padStart(17, '0')}`,
          status,
          type: 'fixed',
          buyerOpenUid: buyer,
          buyerNick: '买**',
          payment,
          postFee: '0.00',
          created: at,
          payTime: null,
          consignTime: null,
          endTime: null,
          modified: at,
        },
        Date.now(),
      );
    for (const b of treated.slice(0, 3)) order(b, sentAt + HOUR, '100.00', 'TRADE_FINISHED');
    order(treated[3]!, sentAt + 4 * DAY, '80.00', 'TRADE_FINISHED');
    order(treated[4]!, sentAt + 3 * DAY, '60.00', 'WAIT_BUYER_PAY');
    order(control[0]!.buyer, sentAt + 2 * HOUR, '50.00', 'TRADE_FINISHED');
    db.close();

    const effect = await cli(['effect', String(result.id), '--json'], env);
    expect(effect.code).toBe(0);
    expect(JSON.parse(effect.stdout)).toEqual({
      recipients: 18,
      control: 2,
      orders: 4,
      buyers: 4,
      amount: 300,
      cost: 0.9,
      roi: 333.33,
      controlOrders: 1,
      controlBuyers: 1,
      controlAmount: 50,
    });
    const human = await cli(['effect', String(result.id)], env);
    expect(human.stdout).toBe(
      `#${result.id} ${result.name}（发送后 3 天内）\n` +
        '  发送 18 位：4 笔订单，4 位买家，付款 300.00 元；费用 0.90 元，ROI 333.33\n' +
        '  对照组 2 位：1 笔订单，1 位买家，付款 50.00 元\n' +
        '  一笔订单只归到它之前最近的一次发送。\n',
    );
    const wider = JSON.parse((await cli(['effect', String(result.id), '--days', '5', '--json'], env)).stdout) as Record<string, number>;
    expect(wider).toMatchObject({ orders: 5, buyers: 5, amount: 380 });

    // "Not messaged in 7 days": only the control group is left of the 20 (with its 2 + 1 orders).
    const quiet = await cli(['segment', 'count', '--rule', '{"lastOrderWithinDays":7,"minOrders":1,"notMessagedDays":7}', '--json'], env);
    expect(JSON.parse(quiet.stdout)).toEqual({ buyers: 2, orders: 3 });
  });

  it('a buyer whose most recent order is older than orders.oaidOrderMaxAgeDays has no usable OAID (order too old)', async () => {
    const sends: SendEvent[] = [];
    const top = await startTopGateway({ reviewDelayMs: null, onSend: (s) => void sends.push(s) });
    const profile = mkdtempSync(join(tmpdir(), 'jst-segment-old-'));
    cleanups.push(
      () => top.close(),
      () => rmSync(profile, { recursive: true, force: true }),
    );
    writeFileSync(join(profile, 'settings.json'), JSON.stringify({ orders: { oaidOrderMaxAgeDays: 3 } }));
    const env = {
      JST_SMS_PROFILE: profile,
      JST_TOP_GATEWAY: top.url,
      JST_TOP_APP_KEY: top.credentials.appKey,
      JST_TOP_APP_SECRET: top.credentials.appSecret,
      JST_TOP_SESSION: top.credentials.session,
    };
    top.control.seedTemplate({ code: 'SMS_BACK', content: '好久不见，新品已上架，欢迎回店看看', type: 1, status: 'approved' });
    // Two buyers last bought 5 days ago; one bought 5 days ago and again yesterday (the recent order is used).
    for (const buyer of ['AAold1', 'AAold2', 'AAboth']) top.trades.pay(top.trades.create({ buyerOpenUid: buyer, createdAt: Date.now() - 5 * DAY }).tid);
    const recent = top.trades.pay(top.trades.create({ buyerOpenUid: 'AAboth', createdAt: Date.now() - DAY }).tid).tid;
    expect((await cli(['orders', 'sync', '--json'], env)).code).toBe(0);
    const saved = JSON.parse(
      (await cli(['segment', 'save', '--name', '一周内', '--rule', '{"lastOrderWithinDays":7,"minOrders":1}', '--json'], env)).stdout,
    ) as {
      id: number;
    };
    const sent = await cli(['send', '--segment', String(saved.id), '--template', 'SMS_BACK', '--sign', '回头客小店', '--yes', '--json'], env);
    expect(sent.code, sent.stderr).toBe(0);
    expect(JSON.parse(sent.stdout)).toMatchObject({ state: 'completed', counts: { buyers: 3, noOaid: 2, submitted: 1 } });
    expect(sends.map((s) => s.orderId)).toEqual([recent]);
  });
});
